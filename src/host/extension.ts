import * as vscode from 'vscode';
import { registerDataCommands } from './commands/dataCommands';
import { registerExperimentCommands } from './commands/experimentCommands';
import { registerRunCommands } from './commands/runCommands';
import { registerTrainCommands } from './commands/trainCommands';
import { registerUserCommands } from './commands/userCommands';
import { registerWhatIfCommands } from './commands/whatIfCommands';
import { DATA_FILE_PATTERN } from './hover/dataLine';
import { RatingHoverProvider } from './hover/ratingHover';
import { createServices } from './services';
import type { Services } from './services';
import { registerViewEvents } from './commands/viewEvents';

/** What activate() returns: the services, for the integration tests. */
export type RecommenderLabApi = Services;

/** Wires the extension; parses no data (that happens in the worker when a view or command needs it). */
export function activate(context: vscode.ExtensionContext): RecommenderLabApi {
  const services = createServices(context);
  context.subscriptions.push(
    ...registerTrainCommands(services),
    ...registerDataCommands(services),
    ...registerRunCommands(services),
    ...registerExperimentCommands(services),
    ...registerUserCommands(services),
    ...registerWhatIfCommands(services),
    ...registerViewEvents(services),
    vscode.languages.registerHoverProvider(
      { scheme: 'file', pattern: DATA_FILE_PATTERN },
      new RatingHoverProvider(services.library, services.catalogs, services.users, services.queryClient),
    ),
  );
  return services;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
