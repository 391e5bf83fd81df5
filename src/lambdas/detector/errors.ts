/** The detector's own error: a violation or remediation message that could not be delivered. */
import { IamGuardError } from '../../core/errors.js';

/** Some violation did not get through: the invocation fails and Lambda retries the event. */
export class DetectorDeliveryError extends IamGuardError {
  constructor(message: string, cause: unknown) {
    super(message, { code: 'DetectorDeliveryFailed', kind: 'aws', cause });
    this.name = 'DetectorDeliveryError';
  }
}
