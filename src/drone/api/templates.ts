/** Pipeline templates: /api/templates[/{namespace}[/{name}]]. */
import type { DroneClient } from "../client.js";
import { apiPath } from "../path.js";
import type { Template } from "../types.js";
import { ignored, orNull } from "./check.js";
import { type Call, send } from "./request.js";
import * as shapes from "./shapes.js";

const templatePath = (namespace: string, name: string) => apiPath`api/templates/${namespace}/${name}`;
const nullableTemplate = orNull(shapes.template);

/** Every template (admin). */
export function all(drone: DroneClient, call: Call = {}): Promise<Template[]> {
  return send(drone, "api/templates", shapes.templates, call);
}

export function list(drone: DroneClient, namespace: string, call: Call = {}): Promise<Template[]> {
  return send(drone, apiPath`api/templates/${namespace}`, shapes.templates, call);
}

export function create(
  drone: DroneClient,
  namespace: string,
  template: { name: string; data: string },
  call: Call = {},
) {
  return send(drone, apiPath`api/templates/${namespace}`, nullableTemplate, {
    method: "POST",
    json: template,
    ...call,
  });
}

export function get(drone: DroneClient, namespace: string, name: string, call: Call = {}): Promise<Template | null> {
  return send(drone, templatePath(namespace, name), nullableTemplate, call);
}

/** Replaces the content and/or moves the template to another namespace. */
export function update(
  drone: DroneClient,
  namespace: string,
  name: string,
  patch: { data?: string | undefined; namespace?: string | undefined },
  call: Call = {},
): Promise<Template | null> {
  return send(drone, templatePath(namespace, name), nullableTemplate, { method: "PATCH", json: patch, ...call });
}

export async function remove(drone: DroneClient, namespace: string, name: string, call: Call = {}): Promise<void> {
  await send(drone, templatePath(namespace, name), ignored, { method: "DELETE", ...call });
}
