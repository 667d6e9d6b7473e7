// The reference deployment with one change, as a refactor would make it: the
// PostgreSQL construct of the service gets the id "orders-db" instead of
// "postgres". Same config, same code paths; only the construct id differs.
// (vigil diff must report the database's replacement.)
import { App } from "cdktf";
import { AwsPlatform } from "cdktf-vigil/aws";
import { buildReferenceApp } from "../../stacks/app";

const postgres = AwsPlatform.prototype.postgres;
AwsPlatform.prototype.postgres = function (this: AwsPlatform, scope, _id, service, props) {
  return postgres.call(this, scope, "orders-db", service, props);
};

const app = new App();
buildReferenceApp(app);
app.synth();
