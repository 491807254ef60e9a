// The service's refusals: a code the renderer can act on, and the message people read.

/** A refusal with a code the renderer can act on (`not-found`, `not-connected`…). */
export class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
