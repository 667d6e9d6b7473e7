/**
 * Azure target (`cdktf-vigil/azure`). The Azure platform (VNet, AKS,
 * PostgreSQL Flexible Server, Event Hubs, Azure Monitor) builds on these
 * naming rules; until it lands this entry point offers the rules alone.
 */
import { assertProviderInstalled } from "../core/require-provider";

assertProviderInstalled("@cdktf/provider-azurerm", "azure");

export { NAMING_RULES, checkName, fitName } from "../core";
