import type { EmbeddingModel } from '../core/model/embeddingModel';
import type { OrdinalScale } from '../core/model/ordinalScale';
import type { UserSideModel } from '../core/model/userSideModel';
import type { SerializedModel } from '../shared/run';

/**
 * A copy of a trained model in the protocol's form (typed arrays survive structured clone). It is
 * posted as a copy, never transferred: see foldTask.ts.
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
    ...(model.ordinal === undefined ? {} : { ordinal: copyOrdinal(model.ordinal) }),
    ...(model.userSide === undefined ? {} : { userSide: copyUserSide(model.userSide) }),
  };
}

/** An ordinal model's scale (cut-points, levels, per-user noise scales), copied like the factors. */
function copyOrdinal(scale: OrdinalScale): OrdinalScale {
  return {
    levels: Float32Array.from(scale.levels),
    cutPoints: Float32Array.from(scale.cutPoints),
    ...(scale.userScale === undefined ? {} : { userScale: Float32Array.from(scale.userScale) }),
  };
}

function copyUserSide(side: UserSideModel): UserSideModel {
  return {
    featureNames: [...side.featureNames],
    weights: Float32Array.from(side.weights),
    factors: Float32Array.from(side.factors),
    coldWeight: side.coldWeight,
    coldFactors: Float32Array.from(side.coldFactors),
  };
}
