import type { JsonObject } from "./json.js";

/** The placeholder that marks where each image goes in a prompt's text, in order (verl's convention). */
export const IMAGE_PLACEHOLDER = "<image>";

/**
 * Raw pixels, row-major, channels interleaved (HWC). `data` is 8-bit (0-255) for decoded
 * images or float32 for tensors already scaled for a policy.
 */
export interface RawImage {
  readonly data: Uint8Array | Float32Array;
  readonly width: number;
  readonly height: number;
  readonly channels: number;
}

/** Observation for image policies: the episode's images, all at one configured size. */
export interface ImageObservation {
  readonly kind: "images";
  readonly images: readonly RawImage[];
}

/**
 * Observation for graph policies. `view` is shared by every episode made from the same
 * corrupted graph (one mask set, one holdout), so a GNN answers a whole batch in one pass;
 * `query` and `candidates` are node indices into that view.
 */
export interface GraphObservation<View = GraphTensorView> {
  readonly kind: "graph";
  readonly view: View;
  readonly query: readonly number[];
  readonly candidates: readonly number[];
  /**
   * Feature rows offered as candidates when they are not readable from the view (node masking
   * hides the candidates' own rows): `candidates.length × numFeatures`, row-major.
   */
  readonly candidateFeatures?: Float32Array;
}

/**
 * The tensor form of a (corrupted) graph that many episodes share, as graph policies read it.
 * `id` names the view (same seed and graph, same id), so a policy can run one forward pass
 * per view for a whole batch.
 */
export interface GraphTensorView {
  readonly id: string;
  readonly numNodes: number;
  readonly numFeatures: number;
  /** Row-major node features (numNodes × numFeatures), with masked nodes already hidden. */
  readonly features: Float32Array;
  /** Directed edges as pairs (src, dst); an undirected edge appears in both directions. Held-out edges are absent. */
  readonly edgeSources: Int32Array;
  readonly edgeTargets: Int32Array;
  /** 1 for nodes whose features are hidden in this view. */
  readonly masked: Uint8Array;
}

/** Observation for tasks whose input is a plain feature vector (bandits, toy tasks). */
export interface VectorObservation {
  readonly kind: "vector";
  readonly values: Float32Array;
}

/** What a tensor policy sees. Plugins may add kinds; policies check `kind`. */
export type Observation = ImageObservation | GraphObservation | VectorObservation;

/** One chat message; `content` carries {@link IMAGE_PLACEHOLDER} where images go. */
export interface ChatMessage {
  readonly role: "system" | "user" | "assistant";
  readonly content: string;
}

/** An encoded image attached to a prompt. */
export interface EncodedImage {
  readonly mimeType: "image/png" | "image/jpeg" | "image/webp";
  readonly bytes: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** What a text (or vision-language) policy sees: messages plus the images, in placeholder order. */
export interface ChatPrompt {
  readonly messages: readonly ChatMessage[];
  readonly images: readonly EncodedImage[];
}

/**
 * One question with an answer known by construction.
 *
 * @example
 * ```ts
 * const episode: Episode = {
 *   id: "vision/rotation:42:0", taskId: "vision/rotation", taskVersion: "1.0.0",
 *   observation: { kind: "vector", values: new Float32Array([0, 1]) },
 *   prompt: { messages: [{ role: "user", content: "Which angle?" }], images: [] },
 *   answer: "90", answerIndex: 1, metadata: { seed: 42, angle: 90 },
 * };
 * ```
 */
export interface Episode<O extends { readonly kind: string } = Observation> {
  /** Stable id: the same task, seed and index give the same id. */
  readonly id: string;
  readonly taskId: string;
  readonly taskVersion: string;
  /** Input for tensor policies. */
  readonly observation: O;
  /** Input for text policies. */
  readonly prompt: ChatPrompt;
  /** The canonical answer, in the task's official format (what a reward compares against). */
  readonly answer: string;
  /** Index of `answer` in the task's answer space, when that space is finite. */
  readonly answerIndex?: number;
  /** How the episode was made: seed, angle, permutation, source item, ... (JSON only). */
  readonly metadata: JsonObject;
}
