/**
 * The message framework every boundary uses (host ↔ worker, host ↔ each webview).
 *
 * A message is `{ method, params }`. Each message type is declared once as a constant that carries
 * its params type; `isMessage(type, value)` narrows an incoming value to it. A type may carry a
 * validator of its params: messages that cross from a less trusted side (a webview page) are
 * checked field by field, so a handler never sees `params: null` or a string where a number was
 * promised. Requests pair a params type with a result type, so a reply needs no cast.
 *
 * Types and tiny helpers only: no `vscode`, no Node modules, no DOM.
 */

/** Checks that a value has the shape of a message's params. */
export type ParamsValidator<Params> = (params: unknown) => params is Params;

export interface MessageType<Method extends string, Params> {
  readonly method: Method;
  /** When set, `isMessage` accepts only params that pass it. */
  readonly validate?: ParamsValidator<Params>;
  /** Phantom field: only carries the params type. */
  readonly params?: Params;
}

export interface Message<Method extends string = string, Params = unknown> {
  readonly method: Method;
  readonly params: Params;
}

export type ParamsOf<T> = T extends MessageType<string, infer P> ? P : never;

/**
 * Declares a message type: `messageType<Params>()('scope/didSomething')`, or with a validator
 * `messageType<Params>(isParams)('scope/doSomething')` for messages from a webview.
 */
export function messageType<Params>(validate?: ParamsValidator<Params>) {
  return <Method extends string>(method: Method): MessageType<Method, Params> =>
    validate === undefined ? { method } : { method, validate };
}

export function createMessage<Method extends string, Params>(type: MessageType<Method, Params>, params: Params): Message<Method, Params> {
  return { method: type.method, params };
}

/** Whether `value` is a message of this type (and, if the type has a validator, valid params). */
export function isMessage<Method extends string, Params>(
  type: MessageType<Method, Params>,
  value: unknown,
): value is Message<Method, Params> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { method?: unknown; params?: unknown };
  if (candidate.method !== type.method || !('params' in value)) return false;
  return type.validate === undefined || type.validate(candidate.params);
}

// ---------------------------------------------------------------------------------------------
// Requests: one message out, exactly one reply (its result, or an error) back.

/** A request's params as sent: the caller's params plus the id its reply carries. */
export type RequestParams<Params> = Params & { readonly requestId: string };

/** The reply to a request: the result, or why there is none. */
export type ReplyParams<Result, Failure> =
  | { readonly requestId: string; readonly ok: true; readonly result: Result }
  | { readonly requestId: string; readonly ok: false; readonly error: Failure };

export interface RequestType<Method extends string, Params, Result, Failure> {
  readonly request: MessageType<Method, RequestParams<Params>>;
  readonly reply: MessageType<`${Method}/reply`, ReplyParams<Result, Failure>>;
}

/** Declares a request and its reply: `requestType<Params, Result, Failure>()('data/describe')`. */
export function requestType<Params, Result, Failure>() {
  return <Method extends string>(method: Method): RequestType<Method, Params, Result, Failure> => ({
    request: { method },
    reply: { method: `${method}/reply` },
  });
}

export function createRequest<Method extends string, Params, Result, Failure>(
  type: RequestType<Method, Params, Result, Failure>,
  requestId: string,
  params: Params,
): Message<Method, RequestParams<Params>> {
  return createMessage(type.request, { ...params, requestId });
}

export function createReply<Method extends string, Params, Result, Failure>(
  type: RequestType<Method, Params, Result, Failure>,
  reply: ReplyParams<Result, Failure>,
): Message<`${Method}/reply`, ReplyParams<Result, Failure>> {
  return createMessage(type.reply, reply);
}

// ---------------------------------------------------------------------------------------------
// Small validators for params that arrive from a webview.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isNonEmptyString(value: unknown, maxLength = 4096): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= maxLength;
}

export function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

export function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Whether `value` is a record holding exactly the given keys (optional ones may be absent). */
export function hasOnlyKeys(value: Record<string, unknown>, required: readonly string[], optional: readonly string[] = []): boolean {
  const keys = Object.keys(value);
  return required.every((key) => keys.includes(key)) && keys.every((key) => required.includes(key) || optional.includes(key));
}
