import type { EmbeddingModel } from '../core/model/embeddingModel';
import type { SerializedModel } from '../shared/run';

/**
 * A copy of a trained model in the protocol's transferable form. The arrays are copied so that
 * transferring them cannot detach buffers the engine still holds.
 */
export function serializeModel(model: EmbeddingModel, foldName: string): SerializedModel {
  return {
    formatVersion: 1,
    kind: model.kind,
    foldName,
    userCount: model.userCount,
    itemCount: model.itemCount,
    dimension: model.dimension,
    globalBias: model.globalBias,
    userBias: Float32Array.from(model.userBias),
    itemBias: Float32Array.from(model.itemBias),
    userFactors: Float32Array.from(model.userFactors),
    itemFactors: Float32Array.from(model.itemFactors),
    ratingScale: { min: model.ratingScale.min, max: model.ratingScale.max },
  };
}

/** The buffers of a serialized model, for a postMessage transfer list. */
export function modelBuffers(model: SerializedModel): ArrayBuffer[] {
  return [model.userBias, model.itemBias, model.userFactors, model.itemFactors].map(
    (array) => array.buffer as ArrayBuffer,
  );
}
