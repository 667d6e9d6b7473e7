import { Construct } from "constructs";
import { ApplicationInsightsStandardWebTest } from "@cdktf/provider-azurerm/lib/application-insights-standard-web-test";
import type { ServiceEndpointProps } from "../core/components/service";
import { addValidationErrors } from "../core/errors";
import { runbookUrl } from "../observability/alert";
import type { UnavailableAlert } from "../observability/alert-binding";
import type { AzureNativeAlert } from "./metric-alert";
import { AzureAlertBindings, azureCondition, deployAzureComponentAlerts } from "./private/component-alerts";
import type { AzureComponentContext } from "./private/context";
import { webTestPanels } from "./dashboard-panels";

/** Component name of web test alerts (runbook folder). */
const WEB_TEST_COMPONENT = "web-test";

/** Metric namespace of Application Insights (availability results of web tests). */
export const APPLICATION_INSIGHTS_NAMESPACE = "microsoft.insights/components";

/**
 * Locations the test runs from (Microsoft Learn, "Application Insights
 * availability tests": location population tags), spread over continents.
 */
export const WEB_TEST_LOCATIONS: readonly string[] = ["emea-nl-ams-azr", "emea-gb-db3-azr", "us-va-ash-azr", "us-ca-sjc-azr", "apac-sg-sin-azr"];

/** Props of {@link AzureWebTest}. */
interface AzureWebTestProps extends ServiceEndpointProps {
  /** Test name, e.g. `checkout-prod-health`. */
  readonly name: string;
  /** Application Insights component id. */
  readonly applicationInsightsId: string;
  /** Minutes between runs: Azure accepts 5, 10 or 15; the profile's interval is rounded into that range. */
  readonly intervalMinutes: number;
  /** The platform's context: region, resource group, tags, action groups. */
  readonly context: AzureComponentContext;
}

/**
 * The web test's alert: the canonical `checks-failing` on Application
 * Insights' `availabilityResults/availabilityPercentage` (percent of test
 * results that passed, 0-100 as in the catalog), filtered on the test's
 * name, over three runs of the five locations. Source: Microsoft Learn,
 * "Supported metrics for Microsoft.Insights/components" and "Availability
 * alerts".
 */
function webTestAlertBindings(testName: string, url: string, frequencySeconds: number, runbookBaseUrl: string): AzureAlertBindings<"endpoint"> {
  const minutes = Math.max(15, (3 * frequencySeconds) / 60);
  return {
    kind: "endpoint",
    canonical: {
      "checks-failing": {
        build: (s): AzureNativeAlert => ({
          id: "checks-failing",
          component: WEB_TEST_COMPONENT,
          summary: `${url} passes fewer than ${s.threshold} % of its availability tests`,
          description: `availabilityResults/availabilityPercentage of the standard web test ${testName} (GETs from ${WEB_TEST_LOCATIONS.length} locations every ${frequencySeconds / 60} min, status code and TLS certificate checked) below ${s.threshold} % over ${minutes} minutes: users on the internet likely see errors. No data is left missing.`,
          severity: "page",
          runbookUrl: runbookUrl(runbookBaseUrl, WEB_TEST_COMPONENT, "checks-failing"),
          threshold: s.threshold,
          unit: "%",
          condition: azureCondition(APPLICATION_INSIGHTS_NAMESPACE, "availabilityResults/availabilityPercentage", "Average", "<", minutes, { "availabilityResult/name": testName }),
        }),
      },
    },
  };
}

/**
 * An Application Insights standard web test of a public endpoint from five
 * locations, checking the status code and the TLS certificate (7 days left
 * at least), and its canonical `checks-failing` alert as a metric alert on
 * the availability percentage.
 */
export class AzureWebTest extends Construct {
  /** The web test. */
  public readonly test: ApplicationInsightsStandardWebTest;
  /** Its alerts. */
  public readonly alerts: readonly AzureNativeAlert[];
  /** Canonical endpoint alerts unavailable here (none). */
  public readonly unavailableAlerts: readonly UnavailableAlert[];

  constructor(scope: Construct, id: string, props: AzureWebTestProps) {
    super(scope, id);
    const ctx = props.context;
    const frequency = [300, 600, 900].find((s) => s >= props.intervalMinutes * 60) ?? 900;
    this.test = new ApplicationInsightsStandardWebTest(this, "test", {
      name: props.name,
      location: ctx.location,
      resourceGroupName: ctx.resourceGroupName,
      applicationInsightsId: props.applicationInsightsId,
      description: `Probes ${props.url}`,
      geoLocations: [...WEB_TEST_LOCATIONS],
      frequency,
      timeout: 30,
      retryEnabled: true,
      enabled: true,
      request: { url: props.url, httpVerb: "GET", followRedirectsEnabled: false },
      validationRules: { expectedStatusCode: props.expectedStatus ?? 200, sslCheckEnabled: true, sslCertRemainingLifetime: 7 },
      tags: { ...ctx.tags },
    });
    const observed = deployAzureComponentAlerts(this, ctx, {
      resourceName: props.name,
      resourceId: props.applicationInsightsId,
      component: WEB_TEST_COMPONENT,
      prop: "endpoint",
      bindings: webTestAlertBindings(props.name, props.url, frequency, ctx.runbookBaseUrl),
      panels: webTestPanels({ resourceId: props.applicationInsightsId, resourceName: props.name }, props.name),
      overrides: { alerts: props.alerts },
      description: `Application Insights standard web test of ${props.url}`,
      stateful: false,
    });
    this.alerts = observed.alerts;
    this.unavailableAlerts = observed.unavailable;
    addValidationErrors(this, observed.problems);
  }
}
