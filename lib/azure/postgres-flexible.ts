import { Construct } from "constructs";
import { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import { PostgresqlFlexibleServerActiveDirectoryAdministrator } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-active-directory-administrator";
import { PostgresqlFlexibleServerConfiguration } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-configuration";
import { PostgresqlFlexibleServerDatabase } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-database";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { PostgresHandle, PostgresLimits, PostgresProps, resolvePostgres, ResolvedPostgres } from "../core/components/postgres";
import { addValidationErrors } from "../core/errors";
import { checkName, NAMING_RULES } from "../core/naming";
import { sendDiagnostics } from "./diagnostic-settings";
import type { AzureNativeAlert } from "./metric-alert";
import { deployAzureComponentAlerts } from "./private/component-alerts";
import type { AzureComponentContext } from "./private/context";
import { GUID_PATTERN } from "./private/guid";
import { POSTGRES_FLEXIBLE_COMPONENT, postgresFlexibleAlertBindings } from "./postgres-flexible-alerts";
import type { UnavailableAlert } from "../observability/alert-binding";
import { AZURE_POSTGRES_SKUS } from "./sizes";
import { deletionLock } from "./private/deletion-lock";
import { postgresFlexiblePanels } from "./dashboard-panels";
import type { AzureGoldenSignalDashboard } from "./portal-dashboard-parts";

/** Statements slower than this are logged (`log_min_duration_statement`, milliseconds). */
const AZURE_POSTGRES_SLOW_STATEMENT_MS = 500;

/** Storage sizes a flexible server accepts, GiB (Microsoft Learn, "Storage options"). */
const AZURE_POSTGRES_STORAGE_GIB: readonly number[] = [32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768];

/** A flexible server holds at most its largest storage size, 32 TiB. */
const AZURE_POSTGRES_LIMITS: PostgresLimits = { maxStorageGiB: { limit: AZURE_POSTGRES_STORAGE_GIB[AZURE_POSTGRES_STORAGE_GIB.length - 1], source: "a PostgreSQL flexible server" } };

/**
 * `storage_mb` of the largest size: the 32 TiB tier is 33553408 MiB (1 GiB
 * short of 32768 × 1024), the most Azure accepts (azurerm `storage_mb`
 * allowed values).
 */
export const AZURE_POSTGRES_MAX_STORAGE_MB = 33553408;

/** The `storage_mb` of a size in {@link AZURE_POSTGRES_STORAGE_GIB}. */
export function azurePostgresStorageMb(gib: number): number {
  return Math.min(gib * 1024, AZURE_POSTGRES_MAX_STORAGE_MB);
}

/** Server parameters Vigil sets: TLS only (1.2+), slow statements and lock waits logged. */
const AZURE_POSTGRES_PARAMETERS: Readonly<Record<string, string>> = {
  require_secure_transport: "on",
  ssl_min_protocol_version: "TLSv1.2",
  log_min_duration_statement: String(AZURE_POSTGRES_SLOW_STATEMENT_MS),
  log_lock_waits: "on",
};

/**
 * The Entra ID principal that administers a PostgreSQL flexible server: with
 * password authentication off it is the only way in, and it grants database
 * roles to other principals (`pgaadauth_create_principal`).
 */
export interface AzureDatabaseAdministrator {
  /** Object id of the principal (`az ad group show --group <name> --query id -o tsv`). */
  readonly objectId: string;
  /** Its display name (for a group) or user principal name; the role name it signs in as. */
  readonly principalName: string;
  /** Kind of principal; a group lets membership change without touching the server. */
  readonly principalType: "Group" | "User" | "ServicePrincipal";
}

/** Props of {@link AzurePostgresFlexible}. */
interface AzurePostgresFlexibleProps extends PostgresProps {
  /** Service the database belongs to. */
  readonly service: string;
  /** The platform's context. */
  readonly context: AzureComponentContext;
  /** Entra administrator of the server. @default - none: reported at synth, since nobody could sign in */
  readonly administrator?: AzureDatabaseAdministrator;
}


/** What is wrong with a database administrator, or why one is needed. */
function administratorProblems(administrator: AzureDatabaseAdministrator | undefined, server: string): string[] {
  if (!administrator) {
    return [
      `\`databaseAdministrator\` is not set, but PostgreSQL server ${server} allows Entra ID sign-in only (password authentication is off), so nobody could log in; set \`databaseAdministrator: { objectId, principalName, principalType: "Group" }\` on the platform to the Entra group of the database administrators (\`az ad group show --group <name> --query id -o tsv\`)`,
    ];
  }
  const problems: string[] = [];
  if (!GUID_PATTERN.test(administrator.objectId)) {
    problems.push(`\`databaseAdministrator.objectId\` ${JSON.stringify(administrator.objectId)} is not an Entra object id (a GUID); read it with \`az ad group show --group <name> --query id -o tsv\` (or \`az ad user show\` / \`az ad sp show\`)`);
  }
  if (!administrator.principalName.trim()) problems.push("`databaseAdministrator.principalName` is empty; give the group's display name or the user's principal name");
  return problems;
}

/**
 * PostgreSQL on Azure Database for PostgreSQL flexible server: private access
 * only, through the VNet's delegated subnet and a private DNS zone linked to
 * the VNet; zone-redundant HA (standby in another zone) where the profile is
 * highly available; backups for the profile's days (7 at least, Azure's
 * minimum) and geo-redundant in prod; storage auto-grow; Entra ID
 * authentication only (no password exists) with the given Entra
 * administrator; TLS 1.2+ required and slow
 * statements logged; a diagnostic setting; `prevent_destroy` in prod; the
 * AMBA metric alerts.
 */
export class AzurePostgresFlexible extends Construct implements PostgresHandle {
  /** Component kind. */
  public readonly component = POSTGRES_FLEXIBLE_COMPONENT;
  /** Canonical component kind. */
  public readonly kind = "postgres" as const;
  /** Server name. */
  public readonly name: string;
  /** The PostgreSQL flexible server (`azurerm_postgresql_flexible_server`), named `name`, in the VNet's delegated subnet with public access off and Entra ID sign-in only. */
  public readonly server: PostgresqlFlexibleServer;
  /** Settings after defaults. */
  public readonly settings: ResolvedPostgres;
  /** Flexible server SKU in use, e.g. `GP_Standard_D4ds_v5`: `instanceType` when given, else the size's SKU. */
  public readonly skuName: string;
  /** Alerts deployed. */
  public readonly alerts: readonly AzureNativeAlert[];
  /** Canonical PostgreSQL alerts the flexible server cannot provide, with the reason. */
  public readonly unavailableAlerts: readonly UnavailableAlert[];
  /** Name of the server's shared Azure portal dashboard (golden signals and alert rules), `<name>-postgres-flexible`. */
  public readonly dashboardName: string;
  /** Its dashboard in the golden-signal model (the service dashboard shows its panels too). */
  public readonly dashboard: AzureGoldenSignalDashboard;
  private readonly tenantId: string;

  constructor(scope: Construct, id: string, props: AzurePostgresFlexibleProps) {
    super(scope, id);
    const ctx = props.context;
    const { profile } = ctx;
    const { postgres, problems } = resolvePostgres(props, props.service, profile, AZURE_POSTGRES_LIMITS);
    this.settings = postgres;
    this.tenantId = ctx.tenantId;
    this.name = props.name ?? `${props.service}-${profile.name}`;
    const nameProblem = checkName(this.name, NAMING_RULES.azurePostgresFlexibleServer, "postgres.name");
    if (nameProblem) problems.push(nameProblem);
    const size = AZURE_POSTGRES_SKUS[props.size ?? profile.nodes.size];
    this.skuName = props.instanceType ?? size.sku;
    if (!/^(B|GP|MO)_Standard_[A-Z]\d+[a-z]*(_v\d)?$/.test(this.skuName)) {
      problems.push(`\`postgres.instanceType\` ${JSON.stringify(this.skuName)} is not a flexible server SKU name; use e.g. "GP_Standard_D4ds_v5" (tier prefix B_, GP_ or MO_), or leave it out to use \`size\``);
    } else if (postgres.highAvailability && this.skuName.startsWith("B_")) {
      problems.push(`\`postgres.instanceType\` ${JSON.stringify(this.skuName)} is Burstable, which has no high availability; use a General Purpose (GP_) or Memory Optimized (MO_) SKU`);
    }
    const largest = AZURE_POSTGRES_STORAGE_GIB[AZURE_POSTGRES_STORAGE_GIB.length - 1];
    const storageGiB = AZURE_POSTGRES_STORAGE_GIB.find((s) => s >= postgres.storageGiB) ?? largest;
    const zoneRedundant = postgres.highAvailability && ctx.zonesAvailable;

    const dns = new PrivateDnsZone(this, "dns", { name: `${this.name}.private.postgres.database.azure.com`, resourceGroupName: ctx.resourceGroupName, tags: { ...ctx.tags } });
    const link = new PrivateDnsZoneVirtualNetworkLink(this, "dns-link", {
      name: `${this.name}-vnet`,
      resourceGroupName: ctx.resourceGroupName,
      privateDnsZoneName: dns.name,
      virtualNetworkId: ctx.network.vnet.id,
      registrationEnabled: false,
      tags: { ...ctx.tags },
    });
    this.server = new PostgresqlFlexibleServer(this, "server", {
      name: this.name,
      location: ctx.location,
      resourceGroupName: ctx.resourceGroupName,
      version: postgres.version,
      skuName: this.skuName,
      storageMb: azurePostgresStorageMb(storageGiB),
      autoGrowEnabled: true,
      delegatedSubnetId: ctx.network.postgresSubnet.id,
      privateDnsZoneId: dns.id,
      publicNetworkAccessEnabled: false,
      zone: ctx.zonesAvailable ? "1" : undefined,
      highAvailability: zoneRedundant ? { mode: "ZoneRedundant", standbyAvailabilityZone: "2" } : undefined,
      backupRetentionDays: Math.max(7, postgres.backupRetentionDays),
      geoRedundantBackupEnabled: profile.tier === "prod",
      authentication: { activeDirectoryAuthEnabled: true, passwordAuthEnabled: false, tenantId: ctx.tenantId },
      maintenanceWindow: { dayOfWeek: 0, startHour: 3, startMinute: 30 },
      tags: { ...ctx.tags },
      dependsOn: [link],
      // After a failover the primary and standby swap zones; Terraform must not swap them back.
      lifecycle: { preventDestroy: profile.preventDestroy, ignoreChanges: ["zone", "high_availability[0].standby_availability_zone"] },
    });
    deletionLock(this, this.server, `PostgreSQL server ${this.name}`, profile);
    problems.push(...administratorProblems(props.administrator, this.name));
    if (props.administrator) {
      new PostgresqlFlexibleServerActiveDirectoryAdministrator(this, "entra-administrator", {
        serverName: this.server.name,
        resourceGroupName: ctx.resourceGroupName,
        tenantId: ctx.tenantId,
        objectId: props.administrator.objectId,
        principalName: props.administrator.principalName,
        principalType: props.administrator.principalType,
      });
    }
    for (const [name, value] of Object.entries(AZURE_POSTGRES_PARAMETERS)) {
      new PostgresqlFlexibleServerConfiguration(this, `parameter-${name}`, { name, value, serverId: this.server.id });
    }
    new PostgresqlFlexibleServerDatabase(this, "database", {
      name: postgres.databaseName,
      serverId: this.server.id,
      charset: "UTF8",
      collation: "en_US.utf8",
      lifecycle: { preventDestroy: profile.preventDestroy },
    });
    sendDiagnostics(this, this.server, ctx.workspaceId);
    const observed = deployAzureComponentAlerts(this, ctx, {
      resourceName: this.name,
      resourceId: this.server.id,
      component: POSTGRES_FLEXIBLE_COMPONENT,
      prop: "postgres",
      bindings: postgresFlexibleAlertBindings(this.name, size.maxConnections, ctx.runbookBaseUrl),
      panels: postgresFlexiblePanels({ resourceId: this.server.id, resourceName: this.name }),
      overrides: props,
      description: "Azure Database for PostgreSQL flexible server",
      stateful: true,
    });
    this.alerts = observed.alerts;
    this.unavailableAlerts = observed.unavailable;
    this.dashboardName = observed.dashboardName;
    this.dashboard = observed.dashboard;
    addValidationErrors(this, [...problems, ...observed.problems]);
  }

  /** Host name clients connect to (TLS required). */
  public get endpoint(): string {
    return this.server.fqdn;
  }

  /**
   * Where credentials come from: password authentication is off, so clients
   * sign in with an Entra ID token of this tenant (no secret exists).
   */
  public get credentialsSecret(): string {
    return `entra-id://${this.tenantId}`;
  }
}
