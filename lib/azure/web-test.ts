import { Construct } from "constructs";
import { ApplicationInsightsStandardWebTest } from "@cdktf/provider-azurerm/lib/application-insights-standard-web-test";
import { MonitorMetricAlert } from "@cdktf/provider-azurerm/lib/monitor-metric-alert";
import type { ServiceEndpointProps } from "../core/components/service";
import { VigilManifest } from "../core/manifest";
import { fitName, NAMING_RULES } from "../core/naming";
import { nativeAlertText, runbookUrl } from "../observability/alert";
import type { AzureAlerting } from "./action-groups";
import { AZURE_ALERT_SEVERITY } from "./metric-alert";

/** Component name of web test alerts (runbook folder). */
export const WEB_TEST_COMPONENT = "web-test";

/** Id of the availability alert of a web test. */
export const WEB_TEST_ALERT_ID = "endpoint-unavailable";

/**
 * Locations the test runs from (Microsoft Learn, "Application Insights
 * availability tests": location population tags), spread over continents.
 */
export const WEB_TEST_LOCATIONS: readonly string[] = ["emea-nl-ams-azr", "emea-gb-db3-azr", "us-va-ash-azr", "us-ca-sjc-azr", "apac-sg-sin-azr"];

/** Failed locations that make the endpoint count as down (Microsoft recommends N-2 of 5). */
export const WEB_TEST_FAILED_LOCATIONS = 3;

/** Props of {@link AzureWebTest}. */
export interface AzureWebTestProps extends ServiceEndpointProps {
  /** Test name, e.g. `checkout-prod-health`. */
  readonly name: string;
  /** Region and resource group. */
  readonly location: string;
  /** Resource group. */
  readonly resourceGroupName: string;
  /** Application Insights component id. */
  readonly applicationInsightsId: string;
  /** Minutes between runs: Azure accepts 5, 10 or 15; the profile's interval is rounded into that range. */
  readonly intervalMinutes: number;
  /** Action groups. */
  readonly alerting: AzureAlerting;
  /** Base URL of runbooks. */
  readonly runbookBaseUrl: string;
  /** Tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * An Application Insights standard web test of a public endpoint from five
 * locations, checking the status code and the TLS certificate (7 days left
 * at least), and the availability alert that pages when 3 of the 5
 * locations fail — Microsoft's recommended location-availability criterion.
 */
export class AzureWebTest extends Construct {
  /** The web test. */
  public readonly test: ApplicationInsightsStandardWebTest;
  /** Its alert rule. */
  public readonly alert: MonitorMetricAlert;

  constructor(scope: Construct, id: string, props: AzureWebTestProps) {
    super(scope, id);
    const frequency = [300, 600, 900].find((s) => s >= props.intervalMinutes * 60) ?? 900;
    this.test = new ApplicationInsightsStandardWebTest(this, "test", {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      applicationInsightsId: props.applicationInsightsId,
      description: `Probes ${props.url}`,
      geoLocations: [...WEB_TEST_LOCATIONS],
      frequency,
      timeout: 30,
      retryEnabled: true,
      enabled: true,
      request: { url: props.url, httpVerb: "GET", followRedirectsEnabled: false },
      validationRules: { expectedStatusCode: props.expectedStatus ?? 200, sslCheckEnabled: true, sslCertRemainingLifetime: 7 },
      tags: { ...props.tags },
    });
    const routing = props.alerting.routing;
    const severity = "page" as const;
    const deliveredAs = routing.deliveredAs(severity);
    const runbook = runbookUrl(props.runbookBaseUrl, WEB_TEST_COMPONENT, WEB_TEST_ALERT_ID);
    const summary = `${props.url} fails from ${WEB_TEST_FAILED_LOCATIONS} of ${WEB_TEST_LOCATIONS.length} locations`;
    const description = `The standard web test ${props.name} gets no ${props.expectedStatus ?? 200} (or a bad certificate) from ${WEB_TEST_FAILED_LOCATIONS} or more of its ${WEB_TEST_LOCATIONS.length} locations: users cannot reach the service.`;
    const name = fitName([props.name, WEB_TEST_ALERT_ID], NAMING_RULES.azureMonitorAlert);
    this.alert = new MonitorMetricAlert(this, "alert", {
      name,
      resourceGroupName: props.resourceGroupName,
      scopes: [this.test.id, props.applicationInsightsId],
      description: nativeAlertText({ severity, summary, description, runbookUrl: runbook }, deliveredAs),
      severity: AZURE_ALERT_SEVERITY[deliveredAs],
      applicationInsightsWebTestLocationAvailabilityCriteria: { webTestId: this.test.id, componentId: props.applicationInsightsId, failedLocationCount: WEB_TEST_FAILED_LOCATIONS },
      action: [{ actionGroupId: props.alerting.actionGroupIdFor(severity) }],
      tags: { ...props.tags },
    });
    VigilManifest.of(this).addAlert({
      id: WEB_TEST_ALERT_ID,
      component: WEB_TEST_COMPONENT,
      resource: props.name,
      name,
      severity,
      deliveredAs,
      summary,
      description,
      threshold: `>= ${WEB_TEST_FAILED_LOCATIONS} failed locations`,
      condition: `Application Insights web test ${props.name} location availability, every ${frequency / 60} min`,
      mechanism: "azure-web-test",
      runbookUrl: runbook,
      routes: routing.routeOf(deliveredAs),
      path: this.alert.node.path,
    });
  }
}
