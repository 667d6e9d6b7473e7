import { AKS_SECRETS_KEY_ROTATION_DAYS } from "../../lib/azure/private/aks-secrets-key";
import { evaluatePolicies } from "../../lib/policy/evaluate";
import { onlyResource, resourceBodies, resourcesOfType } from "../../lib/testing";
import { ENVIRONMENTS } from "../support";
import { TEST_COSMOS_DB_PRINCIPAL } from "./support";
import { ResourceBody, targetStack, targetSynth } from "../harness";
import type { EnvironmentTier } from "../../lib/core/environment";

/** The Terraform address of the only resource of `type`. */
const addressOf = (env: EnvironmentTier, type: string) => {
  const found = resourcesOfType(targetSynth("azure", env, { service: true }), type);
  expect(found).toHaveLength(1);
  return `${type}.${found[0][0]}`;
};

describe("AKS: host encryption on every pool and Secrets encrypted in etcd with a Key Vault key", () => {
  test.each(ENVIRONMENTS)("%s: every node pool, the system pool included, encrypts at host", (env) => {
    const pools = [onlyResource(targetSynth("azure", env, { service: true }), "azurerm_kubernetes_cluster").default_node_pool as ResourceBody, ...resourceBodies(targetSynth("azure", env, { service: true }), "azurerm_kubernetes_cluster_node_pool")];
    expect(pools.length).toBeGreaterThanOrEqual(env === "dev" ? 2 : 6);
    expect(pools.filter((p) => p.host_encryption_enabled !== true).map((p) => p.name)).toEqual([]);
  });

  test.each(ENVIRONMENTS)("%s: the control plane runs as a user-assigned identity, which holds Network Contributor on the VNet", (env) => {
    const identity = addressOf(env, "azurerm_user_assigned_identity");
    expect(onlyResource(targetSynth("azure", env, { service: true }), "azurerm_kubernetes_cluster").identity).toEqual({ type: "UserAssigned", identity_ids: [`\${${identity}.id}`] });
    // Two Network Contributors on the VNet: the cluster's identity and the Azure Cosmos DB app (Cassandra).
    const network = resourceBodies(targetSynth("azure", env, { service: true }), "azurerm_role_assignment").filter((r) => r.role_definition_name === "Network Contributor" && String(r.scope).includes("azurerm_virtual_network"));
    expect(network.map((r) => r.principal_id).sort()).toEqual([`\${${identity}.principal_id}`, TEST_COSMOS_DB_PRINCIPAL].sort());
  });

  test.each(ENVIRONMENTS)("%s: Secrets are encrypted in etcd with a Key Vault key the identity may use, granted before the cluster exists", (env) => {
    const synth = targetSynth("azure", env, { service: true });
    const key = addressOf(env, "azurerm_key_vault_key");
    const identity = addressOf(env, "azurerm_user_assigned_identity");
    const aks = onlyResource(synth, "azurerm_kubernetes_cluster");
    expect(aks.key_management_service).toEqual({ key_vault_key_id: `\${${key}.id}`, key_vault_network_access: "Public" });
    const [grantKey, grant] = resourcesOfType(synth, "azurerm_role_assignment").find(([, r]) => r.role_definition_name === "Key Vault Crypto User")!;
    // Scoped to the key (every version), for the cluster's identity only.
    expect(grant).toMatchObject({ scope: `\${${key}.resource_versionless_id}`, principal_id: `\${${identity}.principal_id}`, principal_type: "ServicePrincipal" });
    const [networkKey] = resourcesOfType(synth, "azurerm_role_assignment").find(([, r]) => r.role_definition_name === "Network Contributor" && r.principal_id === `\${${identity}.principal_id}`)!;
    expect(aks.depends_on).toEqual(expect.arrayContaining([`azurerm_role_assignment.${grantKey}`, `azurerm_role_assignment.${networkKey}`]));
  });

  test.each([
    ["dev", 7, false],
    ["staging", 90, false],
    ["prod", 90, true],
  ] as const)("%s: the key's vault uses Azure RBAC and purge protection, keeps deleted keys %d days, prevent_destroy %s", (env, days, prevent) => {
    const synth = targetSynth("azure", env, { service: true });
    const vault = onlyResource(synth, "azurerm_key_vault");
    expect(vault).toMatchObject({ name: `checkout-${env}-kms`, rbac_authorization_enabled: true, purge_protection_enabled: true, soft_delete_retention_days: days, lifecycle: { prevent_destroy: prevent } });
    // AKS's public-vault KMS refuses a vault limited to selected networks.
    expect(vault.network_acls).toMatchObject({ default_action: "Allow" });
    const key = onlyResource(synth, "azurerm_key_vault_key");
    expect(key).toMatchObject({ key_type: "RSA", key_size: 2048, lifecycle: { prevent_destroy: prevent }, rotation_policy: { automatic: { time_after_creation: `P${AKS_SECRETS_KEY_ROTATION_DAYS}D` } } });
    // An expired key would stop the API server.
    expect(key.expiration_date).toBeUndefined();
    expect(key.rotation_policy.expire_after).toBeUndefined();
    // The identity running Terraform may create the key before it tries to.
    const vaultAddress = addressOf(env, "azurerm_key_vault");
    const [officerKey, officer] = resourcesOfType(synth, "azurerm_role_assignment").find(([, r]) => r.role_definition_name === "Key Vault Crypto Officer")!;
    expect(officer).toMatchObject({ scope: `\${${vaultAddress}.id}`, principal_id: expect.stringMatching(/^\$\{data\.azurerm_client_config\.[^.]+\.object_id\}$/) });
    expect(key.depends_on).toEqual([`azurerm_role_assignment.${officerKey}`]);
    expect(resourceBodies(synth, "azurerm_monitor_diagnostic_setting").some((d) => d.target_resource_id === `\${${vaultAddress}.id}`)).toBe(true);
  });

  test.each(ENVIRONMENTS)("%s: the security pack no longer warns that AKS Secrets lack a customer-managed key", (env) => {
    const { stack } = targetStack("azure", { environment: env, stackId: `${env}-azure-infra`, service: true });
    const findings = evaluatePolicies(stack);
    expect(findings.filter((f) => f.rule === "security/cluster-secrets-encryption")).toEqual([]);
    // The key and its vault are protected where the profile asks.
    expect(findings.filter((f) => f.rule === "data-protection/prevent-destroy")).toEqual([]);
  });
});
