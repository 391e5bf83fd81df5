/**
 * What a mocked client was sent, in order, as `{ command, input }` with the command's class name
 * (`DetachUserPolicyCommand`): one assertion then checks both the call order and the exact inputs.
 */
import type { AwsStub } from 'aws-sdk-client-mock';

export interface SentCommand {
  readonly command: string;
  readonly input: unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: AwsStub's own type parameters are `any` for "any client".
type AnyStub = AwsStub<any, any, any>;

export function sentCommands(stub: AnyStub): readonly SentCommand[] {
  return stub.calls().map((call) => {
    const command = call.args[0] as {
      readonly constructor: { readonly name: string };
      readonly input: unknown;
    };
    return { command: command.constructor.name, input: command.input };
  });
}
