// The GCP and Azure checks, run on the providers' own resource classes: the
// snake_case attributes the rules read are the ones these classes synthesize.
import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { SqlDatabaseInstance } from "@cdktf/provider-google/lib/sql-database-instance";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import { evaluatePolicies } from "../../lib/policy/evaluate";
import { policyStack } from "./support";

const rulesFailing = (stack: ReturnType<typeof policyStack>) => [...new Set(evaluatePolicies(stack, { packs: ["security", "data-protection"] }).map((f) => f.rule))].sort();

describe("GCP resources as the provider synthesizes them", () => {
  test("a Cloud SQL instance on a private IP, TLS only, with PITR, pgAudit, protection and kept backups passes; the defaults do not", () => {
    const good = policyStack("prod");
    new SqlDatabaseInstance(good, "sql", {
      databaseVersion: "POSTGRES_17",
      lifecycle: { preventDestroy: true },
      settings: {
        tier: "db-custom-2-7680",
        availabilityType: "REGIONAL",
        deletionProtectionEnabled: true,
        retainBackupsOnDelete: true,
        ipConfiguration: { ipv4Enabled: false, privateNetwork: "projects/p/global/networks/n", sslMode: "ENCRYPTED_ONLY" },
        backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: true },
        databaseFlags: [
          { name: "cloudsql.enable_pgaudit", value: "on" },
          { name: "pgaudit.log", value: "ddl,role,write" },
        ],
      },
    });
    expect(rulesFailing(good)).toEqual([]);

    const bare = policyStack("prod");
    new SqlDatabaseInstance(bare, "sql", { databaseVersion: "POSTGRES_17", settings: { tier: "db-custom-2-7680" } });
    expect(rulesFailing(bare)).toEqual([
      "data-protection/backups",
      "data-protection/deletion-protection",
      "data-protection/final-snapshot",
      "data-protection/prevent-destroy",
      "security/database-audit-logging",
      "security/encryption-in-transit",
      "security/no-public-data-services",
    ]);
  });

  test("a GKE cluster with private nodes and endpoint and encrypted secrets passes; a public one does not", () => {
    const good = policyStack("prod");
    new ContainerCluster(good, "gke", {
      name: "gke",
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: true },
      databaseEncryption: { state: "ENCRYPTED", keyName: "projects/p/locations/l/keyRings/r/cryptoKeys/k" },
      lifecycle: { preventDestroy: true },
    });
    expect(rulesFailing(good)).toEqual([]);
    const bare = policyStack("prod");
    new ContainerCluster(bare, "gke", { name: "gke" });
    expect(rulesFailing(bare)).toEqual(["data-protection/prevent-destroy-recommended", "security/cluster-secrets-encryption", "security/private-cluster-endpoint"]);
  });
});

describe("Azure resources as the provider synthesizes them", () => {
  test("a private PostgreSQL flexible server with a lock and diagnostics passes; a public one without them does not", () => {
    const good = policyStack("prod");
    const pg = new PostgresqlFlexibleServer(good, "pg", { name: "pg", location: "westeurope", resourceGroupName: "rg", publicNetworkAccessEnabled: false, lifecycle: { preventDestroy: true } });
    new ManagementLock(good, "lock", { name: "no-delete", scope: pg.id, lockLevel: "CanNotDelete" });
    new MonitorDiagnosticSetting(good, "diag", { name: "logs", targetResourceId: pg.id, logAnalyticsWorkspaceId: "w" });
    expect(rulesFailing(good)).toEqual([]);

    const bare = policyStack("prod");
    new PostgresqlFlexibleServer(bare, "pg", { name: "pg", location: "westeurope", resourceGroupName: "rg" });
    expect(rulesFailing(bare)).toEqual(["data-protection/deletion-protection", "data-protection/prevent-destroy", "security/logging", "security/no-public-data-services"]);
  });

  test("a private AKS cluster with KMS etcd encryption and diagnostics passes; a public one does not", () => {
    const good = policyStack("staging");
    const aks = new KubernetesCluster(good, "aks", {
      name: "aks",
      location: "westeurope",
      resourceGroupName: "rg",
      defaultNodePool: { name: "system" },
      privateClusterEnabled: true,
      keyManagementService: { keyVaultKeyId: "https://kv.vault.azure.net/keys/k/1" },
    });
    new MonitorDiagnosticSetting(good, "diag", { name: "logs", targetResourceId: aks.id, logAnalyticsWorkspaceId: "w" });
    expect(rulesFailing(good)).toEqual([]);
    const bare = policyStack("staging");
    new KubernetesCluster(bare, "aks", { name: "aks", location: "westeurope", resourceGroupName: "rg", defaultNodePool: { name: "system" } });
    expect(rulesFailing(bare)).toEqual(["security/cluster-secrets-encryption", "security/logging", "security/private-cluster-endpoint"]);
  });
});
