import { SynthesizedStack } from "../../lib/testing";

/** A statement of a synthesized `aws_iam_policy_document`. */
export interface Statement {
  readonly sid?: string;
  readonly effect?: string;
  readonly actions: string[];
  readonly resources: string[];
  readonly principals?: Array<{ type: string; identifiers: string[] }>;
  readonly condition?: Array<{ test: string; variable: string; values: string[] }>;
}

/** The statements of the policy document a `policy` / `assume_role_policy` argument references (`${data.aws_iam_policy_document.X.json}`). */
export function statementsOf(synth: SynthesizedStack, documentRef: unknown): Statement[] {
  const name = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(String(documentRef))?.[1];
  if (!name) throw new Error(`not a policy document reference: ${String(documentRef)}`);
  return synth.data!.aws_iam_policy_document[name].statement as Statement[];
}

/** Every statement of every policy document in the stack. */
export function allStatements(synth: SynthesizedStack): Statement[] {
  return Object.values(synth.data?.aws_iam_policy_document ?? {}).flatMap((d) => (d.statement ?? []) as Statement[]);
}
