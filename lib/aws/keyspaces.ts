import { Construct } from "constructs";
import { Annotations } from "cdktf";
import { KeyspacesKeyspace } from "@cdktf/provider-aws/lib/keyspaces-keyspace";
import { KeyspacesTable } from "@cdktf/provider-aws/lib/keyspaces-table";
import { CassandraHandle, CassandraProps, CassandraTableProps, validateCassandra } from "../core/components/cassandra";
import { addValidationErrors } from "../core/errors";
import type { UnavailableAlert } from "../observability/alert-binding";
import { keyspacesAlertBindings, KEYSPACES_COMPONENT, KeyspacesTableRef } from "./keyspaces-alerts";
import type { AwsGoldenSignalDashboard } from "./dashboard";
import { keyspacesPanels } from "./dashboard-panels";
import { deployAwsComponentAlerts, NativeAlert } from "./private/component-alerts";
import type { AwsComponentContext } from "./private/context";
import { dataKey } from "./private/kms";

/** Props of {@link AwsKeyspaces}. */
interface AwsKeyspacesProps extends CassandraProps {
  /** Service the keyspaces belong to. */
  readonly service: string;
  /** The platform's context. */
  readonly context: AwsComponentContext;
}

/**
 * Cassandra on Amazon Keyspaces (serverless): the keyspaces and tables of
 * the props, single-Region (Keyspaces keeps 3 copies over 3 zones; writes
 * are acknowledged at LOCAL_QUORUM), on-demand capacity, point-in-time
 * recovery outside dev, encryption with a customer-managed key where the
 * profile protects data (the AWS-owned key in dev), `prevent_destroy` in
 * prod, alarms per table and operation, and a dashboard.
 *
 * `datacenters` do not apply: Keyspaces runs no nodes.
 */
export class AwsKeyspaces extends Construct implements CassandraHandle {
  /** Canonical component kind. */
  public readonly kind = "cassandra" as const;
  /** Implementation (runbook folder). */
  public readonly component = KEYSPACES_COMPONENT;
  /** Name used for alarms and the dashboard: `<service>-<environment>`. */
  public readonly name: string;
  /** Keyspaces by name. */
  public readonly keyspaces: Readonly<Record<string, KeyspacesKeyspace>>;
  /** Tables by `<keyspace>.<table>`. */
  public readonly tables: Readonly<Record<string, KeyspacesTable>>;
  /** Alerts deployed as alarms (all AWS-only: Keyspaces has no signal for the canonical Cassandra alerts). */
  public readonly alerts: readonly NativeAlert[];
  /** Canonical Cassandra alerts Amazon Keyspaces cannot provide, with the reason. */
  public readonly unavailableAlerts: readonly UnavailableAlert[];
  /** Name of the keyspaces' CloudWatch dashboard (per-table golden signals and alarm states), `<name>-keyspaces`. */
  public readonly dashboardName: string;
  /** Its dashboard in the golden-signal model (the service dashboard shows its panels too). */
  public readonly dashboard: AwsGoldenSignalDashboard;
  /** Service endpoint (TLS on port 9142). */
  public readonly endpoint: string;

  constructor(scope: Construct, id: string, props: AwsKeyspacesProps) {
    super(scope, id);
    const { context: ctx } = props;
    const { profile, account } = ctx;
    this.name = props.name ?? `${props.service}-${profile.name}`;
    this.endpoint = `cassandra.${account.region}.${account.dnsSuffix}`;
    const problems = validateCassandra(props);
    if (props.datacenters !== undefined) {
      Annotations.of(this).addWarning(
        "[vigil:keyspacesDatacenters] `cassandra.datacenters` is ignored on Amazon Keyspaces: it is serverless and keeps 3 copies of every row across the Region's zones",
      );
    }
    const key = dataKey(this, { account, profile, alias: `${this.name}-keyspaces`, description: `Encrypts the ${this.name} Amazon Keyspaces tables` });
    const lifecycle = { preventDestroy: profile.preventDestroy };

    const keyspaces: Record<string, KeyspacesKeyspace> = {};
    const tables: Record<string, KeyspacesTable> = {};
    const refs: KeyspacesTableRef[] = [];
    for (const [ksName, ks] of Object.entries(props.keyspaces ?? {})) {
      const keyspace = new KeyspacesKeyspace(this, `keyspace-${ksName}`, {
        name: ksName,
        replicationSpecification: { replicationStrategy: "SINGLE_REGION" },
        lifecycle,
      });
      keyspaces[ksName] = keyspace;
      for (const [tableName, table] of Object.entries(ks.tables ?? {})) {
        tables[`${ksName}.${tableName}`] = new KeyspacesTable(this, `table-${ksName}-${tableName}`, {
          keyspaceName: keyspace.name,
          tableName,
          schemaDefinition: schemaDefinition(table),
          // On-demand: no capacity to size or autoscale; a table absorbs up to
          // twice its previous peak at once (the throttle alerts catch more).
          capacitySpecification: { throughputMode: "PAY_PER_REQUEST" },
          pointInTimeRecovery: { status: profile.tier === "dev" ? "DISABLED" : "ENABLED" },
          encryptionSpecification: key ? { type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyIdentifier: key.arn } : { type: "AWS_OWNED_KMS_KEY" },
          defaultTimeToLive: table.defaultTtlSeconds,
          ttl: table.defaultTtlSeconds ? { status: "ENABLED" } : undefined,
          lifecycle,
        });
        refs.push({ keyspace: ksName, table: tableName });
      }
    }
    if (refs.length === 0) {
      problems.push("`cassandra.keyspaces` declares no table; Amazon Keyspaces is serverless, so without a table there is nothing to deploy or monitor — declare the keyspaces and tables the service uses");
    }
    this.keyspaces = keyspaces;
    this.tables = tables;

    const observed = deployAwsComponentAlerts(this, ctx, {
      description: "Amazon Keyspaces (Cassandra) keyspace and tables",
      stateful: true,
      resourceName: this.name,
      component: KEYSPACES_COMPONENT,
      prop: "cassandra",
      bindings: keyspacesAlertBindings(this.name, refs, ctx.runbookBaseUrl),
      overrides: props,
      panels: keyspacesPanels(refs),
    });
    this.alerts = observed.alerts;
    this.unavailableAlerts = observed.unavailable;
    this.dashboardName = observed.dashboardName;
    this.dashboard = observed.dashboard;
    addValidationErrors(this, [...problems, ...observed.problems]);
  }
}

function schemaDefinition(table: CassandraTableProps) {
  return {
    column: Object.entries(table.columns ?? {}).map(([name, type]) => ({ name, type })),
    partitionKey: (table.partitionKey ?? []).map((name) => ({ name })),
    clusteringKey: (table.clusteringKey ?? []).map((c) => ({ name: c.column, orderBy: c.order ?? "ASC" })),
  };
}
