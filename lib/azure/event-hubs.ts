import { Construct } from "constructs";
import { Eventhub } from "@cdktf/provider-azurerm/lib/eventhub";
import { EventhubNamespace } from "@cdktf/provider-azurerm/lib/eventhub-namespace";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { KafkaHandle, KafkaProps, resolveKafka } from "../core/components/kafka";
import { addValidationErrors } from "../core/errors";
import { checkName, NAMING_RULES } from "../core/naming";
import { sendDiagnostics } from "./diagnostic-settings";
import { EVENT_HUBS_COMPONENT, eventHubsAlertBindings } from "./event-hubs-alerts";
import type { AzureNativeAlert } from "./metric-alert";
import { deployAzureComponentAlerts } from "./private/component-alerts";
import type { UnavailableAlert } from "../observability/alert-binding";
import type { AzureComponentContext } from "./private/context";
import { deletionLock } from "./private/deletion-lock";
import { eventHubsPanels } from "./dashboard-panels";
import type { AzureGoldenSignalDashboard } from "./portal-dashboard-parts";

/** Limits per tier (Microsoft Learn, "Event Hubs quotas and limits"). */
const EVENT_HUBS_TIER_LIMITS = {
  Standard: { maxPartitions: 32, maxRetentionDays: 7 },
  Premium: { maxPartitions: 100, maxRetentionDays: 90 },
} as const;

/** Props of {@link AzureEventHubs}. */
interface AzureEventHubsProps extends KafkaProps {
  /** Service the namespace belongs to. */
  readonly service: string;
  /** The platform's context. */
  readonly context: AzureComponentContext;
}

/**
 * Kafka on Azure Event Hubs: a namespace on a tier with the Kafka endpoint
 * (Standard in dev; Premium, with dedicated processing units, elsewhere so
 * staging keeps prod's engine), zone-redundant where the region has zones
 * (Event Hubs spreads namespaces over zones there by itself), local (SAS)
 * authentication disabled so clients use Entra ID (OAUTHBEARER), public
 * network access off and a private endpoint in the VNet's private DNS zone,
 * TLS 1.2; one event hub per topic with its partitions and retention; a
 * diagnostic setting and the AMBA metric alerts. Brokers, replication and
 * min ISR are the service's business: the props' values are validated but
 * not applied.
 */
export class AzureEventHubs extends Construct implements KafkaHandle {
  /** Component kind. */
  public readonly component = EVENT_HUBS_COMPONENT;
  /** Canonical component kind. */
  public readonly kind = "kafka" as const;
  /** Namespace name. */
  public readonly name: string;
  /** The Event Hubs namespace (`azurerm_eventhub_namespace`), named `name`: Standard in dev, Premium elsewhere, SAS and public network access off. */
  public readonly namespace: EventhubNamespace;
  /** Event hubs by topic name. */
  public readonly eventHubs: ReadonlyMap<string, Eventhub>;
  /** Tier in use. */
  public readonly tier: keyof typeof EVENT_HUBS_TIER_LIMITS;
  /** Alerts deployed. */
  public readonly alerts: readonly AzureNativeAlert[];
  /** Canonical Kafka alerts Event Hubs cannot provide, with the reason. */
  public readonly unavailableAlerts: readonly UnavailableAlert[];
  /** Name of the namespace's shared Azure portal dashboard (golden signals and alert rules), `<name>-event-hubs`. */
  public readonly dashboardName: string;
  /** Its dashboard in the golden-signal model (the service dashboard shows its panels too). */
  public readonly dashboard: AzureGoldenSignalDashboard;

  constructor(scope: Construct, id: string, props: AzureEventHubsProps) {
    super(scope, id);
    const ctx = props.context;
    const { profile } = ctx;
    const { kafka, problems } = resolveKafka(props, profile);
    this.name = props.name ?? `${props.service}-${profile.name}`;
    const nameProblem = checkName(this.name, NAMING_RULES.azureEventHubNamespace, "kafka.name");
    if (nameProblem) problems.push(nameProblem);
    this.tier = profile.tier === "dev" ? "Standard" : "Premium";
    const limits = EVENT_HUBS_TIER_LIMITS[this.tier];
    const size = props.size ?? profile.nodes.size;
    const capacity = this.tier === "Premium" ? { small: 1, medium: 1, large: 2, xlarge: 4 }[size] : 1;

    this.namespace = new EventhubNamespace(this, "namespace", {
      name: this.name,
      location: ctx.location,
      resourceGroupName: ctx.resourceGroupName,
      sku: this.tier,
      capacity,
      autoInflateEnabled: this.tier === "Standard" ? true : undefined,
      maximumThroughputUnits: this.tier === "Standard" ? 4 : undefined,
      localAuthenticationEnabled: false,
      publicNetworkAccessEnabled: false,
      minimumTlsVersion: "1.2",
      identity: { type: "SystemAssigned" },
      tags: { ...ctx.tags },
      lifecycle: { preventDestroy: profile.preventDestroy },
    });
    deletionLock(this, this.namespace, `Event Hubs namespace ${this.name}`, profile);
    const hubs = new Map<string, Eventhub>();
    const ids = new Map<string, string>();
    for (const [topic, t] of Object.entries(kafka.topics)) {
      const where = `\`kafka.topics.${topic}\``;
      // Construct ids (Terraform addresses) keep letters, digits and "-": two topics may meet there.
      const id = `topic-${topic.replace(/[^a-zA-Z0-9-]/g, "-")}`;
      const first = ids.get(id.toLowerCase());
      if (first !== undefined) {
        problems.push(`${where} and \`kafka.topics.${first}\` would both be event hub "${id}" (Event Hubs names ignore case, and Vigil's addresses keep only letters, digits and "-"); rename one of them`);
        continue;
      }
      ids.set(id.toLowerCase(), topic);
      const hubName = checkName(topic, NAMING_RULES.azureEventHub, `kafka.topics.${topic}`);
      if (hubName) problems.push(hubName);
      const days = Math.ceil(t.retentionHours / 24);
      if (t.partitions > limits.maxPartitions) problems.push(`${where}.partitions is ${t.partitions}; Event Hubs ${this.tier} allows at most ${limits.maxPartitions} per event hub`);
      if (days > limits.maxRetentionDays) problems.push(`${where}.retentionHours is ${t.retentionHours} (${days} days); Event Hubs ${this.tier} keeps events at most ${limits.maxRetentionDays} days`);
      hubs.set(
        topic,
        new Eventhub(this, id, {
          name: topic,
          namespaceId: this.namespace.id,
          partitionCount: t.partitions,
          messageRetention: Math.min(Math.max(days, 1), limits.maxRetentionDays),
          lifecycle: { preventDestroy: profile.preventDestroy },
        }),
      );
    }
    this.eventHubs = hubs;
    new PrivateEndpoint(this, "private-endpoint", {
      name: `${this.name}-eventhubs`,
      location: ctx.location,
      resourceGroupName: ctx.resourceGroupName,
      subnetId: ctx.network.privateEndpointSubnet.id,
      privateServiceConnection: { name: `${this.name}-eventhubs`, isManualConnection: false, privateConnectionResourceId: this.namespace.id, subresourceNames: ["namespace"] },
      privateDnsZoneGroup: { name: "eventhubs", privateDnsZoneIds: [ctx.network.privateDnsZones.eventHubs.id] },
      tags: { ...ctx.tags },
    });
    sendDiagnostics(this, this.namespace, ctx.workspaceId);
    const observed = deployAzureComponentAlerts(this, ctx, {
      resourceName: this.name,
      resourceId: this.namespace.id,
      component: EVENT_HUBS_COMPONENT,
      prop: "kafka",
      bindings: eventHubsAlertBindings(this.name, this.tier === "Premium", ctx.runbookBaseUrl),
      panels: eventHubsPanels({ resourceId: this.namespace.id, resourceName: this.name }, this.tier === "Premium"),
      overrides: props,
      description: `Event Hubs ${this.tier} namespace (Kafka endpoint)`,
      stateful: true,
    });
    this.alerts = observed.alerts;
    this.unavailableAlerts = observed.unavailable;
    this.dashboardName = observed.dashboardName;
    this.dashboard = observed.dashboard;
    addValidationErrors(this, [...problems, ...observed.problems]);
  }

  /** The namespace's Kafka endpoint (SASL_SSL with OAUTHBEARER). */
  public get bootstrapServers(): string {
    return `${this.name}.servicebus.windows.net:9093`;
  }
}
