/** The OCR layer's types: an image in, the text a screenshot shows (or why none) out. */

/** An image as a surface hands it over (a Slack file, a Teams attachment, a playground drop, a file). */
export interface ImageInput {
  bytes: Uint8Array;
  /** The file name, for logs and messages. */
  name?: string;
}

/** Why an image gave no text; every surface answers each with `message`. */
export type ImageProblem =
  | 'not-image'
  | 'too-large'
  | 'too-many-pixels'
  | 'animated'
  | 'blank'
  | 'no-text'
  | 'busy'
  | 'failed';

/** The Event Properties fields read from an Event Viewer screenshot. */
export interface EventFields {
  source?: string;
  eventId?: string;
  level?: string;
}

export type ImageReading =
  | {
      ok: true;
      /** What the screenshot says, cleaned and repaired, ready to be matched as a paste. */
      text: string;
      /** Tesseract's mean word confidence, 0–100. */
      confidence: number;
      event?: EventFields;
      width: number;
      height: number;
      ms: number;
    }
  | { ok: false; problem: ImageProblem; message: string };

/** Reads images; the server keeps one (its OCR threads), the CLI makes one per run. */
export interface ImageReader {
  /** Largest image accepted, in bytes (a surface may refuse a larger one before downloading it). */
  readonly maxBytes: number;
  read(image: ImageInput): Promise<ImageReading>;
  close(): Promise<void>;
}

/** An image that gave no text, and the answer that says why. */
export type ImageFailure = Extract<ImageReading, { ok: false }>;
