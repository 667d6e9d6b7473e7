import { Construct } from "constructs";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement, DataAwsIamPolicyDocumentStatementCondition } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { fitName, NAMING_RULES } from "../../core/naming";
import { AwsAccount } from "./account";

/** Props of {@link ServiceRole}. */
export interface ServiceRoleProps {
  /** The platform's account context. */
  readonly account: AwsAccount;
  /** Name parts; the role name is fitted to IAM's 64 characters. */
  readonly nameParts: readonly string[];
  /** Service principals allowed to assume it, e.g. `eks.amazonaws.com`. */
  readonly assumedBy: readonly string[];
  /** Extra actions on the trust statement (EKS Pod Identity needs `sts:TagSession`). @default - `sts:AssumeRole` only */
  readonly extraTrustActions?: readonly string[];
  /** Conditions on the trust statement (confused-deputy protection: `aws:SourceAccount`, `aws:SourceArn`). @default - none */
  readonly trustConditions?: DataAwsIamPolicyDocumentStatementCondition[];
  /** AWS managed policies attached, by name, only where AWS requires them. @default - none */
  readonly managedPolicies?: readonly string[];
  /** Inline least-privilege statements (actions on exact resources). @default - none */
  readonly inlineStatements?: DataAwsIamPolicyDocumentStatement[];
}

/** An IAM role assumed by an AWS service, with the permissions named here and nothing else. */
export class ServiceRole extends Construct {
  /** The IAM role (`aws_iam_role`), its name fitted from `nameParts` to IAM's 64 characters, trusting the `assumedBy` service principals. */
  public readonly role: IamRole;
  /** Managed policy attachments, for `dependsOn` where AWS checks permissions at creation. */
  public readonly attachments: IamRolePolicyAttachment[] = [];
  /** The inline least-privilege policy, for `dependsOn` where AWS checks permissions at creation. @default - none without inline statements */
  public readonly inlinePolicy?: IamRolePolicy;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [
        {
          actions: ["sts:AssumeRole", ...(props.extraTrustActions ?? [])],
          principals: [{ type: "Service", identifiers: [...props.assumedBy] }],
          condition: props.trustConditions,
        },
      ],
    });
    this.role = new IamRole(this, "role", {
      name: fitName(props.nameParts, NAMING_RULES.awsIamRole),
      assumeRolePolicy: trust.json,
    });
    for (const policy of props.managedPolicies ?? []) {
      this.attachments.push(new IamRolePolicyAttachment(this, policy.replace(/\//g, "-"), { role: this.role.name, policyArn: props.account.managedPolicyArn(policy) }));
    }
    if (props.inlineStatements?.length) {
      const doc = new DataAwsIamPolicyDocument(this, "permissions", { statement: props.inlineStatements });
      this.inlinePolicy = new IamRolePolicy(this, "inline", { role: this.role.id, name: "least-privilege", policy: doc.json });
    }
  }

  /** Role ARN. */
  public get arn(): string {
    return this.role.arn;
  }
}
