import { Construct } from "constructs";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import type { EnvironmentProfile } from "../../core/environment";

/**
 * A `CanNotDelete` management lock on a resource holding data, where the
 * profile asks for deletion protection (staging and prod). Azure's data
 * services have no deletion-protection flag of their own; the lock makes
 * Azure refuse a delete from any client (portal, CLI, another pipeline)
 * until someone with `Microsoft.Authorization/locks/delete` removes it.
 * Terraform's `prevent_destroy` only guards this stack's own plans.
 */
export function deletionLock(scope: Construct, resource: { readonly id: string }, what: string, profile: EnvironmentProfile): ManagementLock | undefined {
  if (!profile.deletionProtection) return undefined;
  return new ManagementLock(scope, "deletion-lock", {
    name: "vigil-do-not-delete",
    scope: resource.id,
    lockLevel: "CanNotDelete",
    notes: `${what} holds data: remove this lock (and prevent_destroy) in code, reviewed, before deleting it`,
  });
}
