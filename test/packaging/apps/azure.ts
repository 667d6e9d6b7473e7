// An Azure-only consumer of the packed cdktf-vigil (test/packaging): the
// core's profiles, state backend and tags with the Azure entry point's naming
// rules. It depends on @cdktf/provider-azurerm alone. Grows with the Azure target.
import { App, TerraformStack } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { ENVIRONMENT_PROFILES, addValidationErrors, configureStateBackend, standardTags } from "cdktf-vigil";
import { NAMING_RULES, fitName } from "cdktf-vigil/azure";

const profile = ENVIRONMENT_PROFILES.prod;
const app = new App();
const stack = new TerraformStack(app, "prod-azure-infra");
addValidationErrors(
  stack,
  configureStateBackend(stack, "prod-azure-infra", profile, {
    kind: "azurerm",
    resourceGroupName: "invoicing-state",
    storageAccountName: "invoicingstate",
    containerName: "tfstate",
  }),
);

new AzurermProvider(stack, "azurerm", { features: [{}] });
new ResourceGroup(stack, "group", {
  name: fitName(["invoicing", profile.name, "rg"], NAMING_RULES.azureResourceGroup),
  location: "westeurope",
  tags: standardTags({ service: "invoicing", environment: profile.name, owner: "team-invoicing" }),
});

app.synth();
