/** The `templates` toolset: an organization's reusable pipeline templates. */
import * as z from "zod";
import { templates } from "../drone/api/index.js";
import { UserError } from "../drone/errors.js";
import { templateDetail, templateSummary } from "../drone/shape.js";
import type { Template } from "../drone/types.js";
import { CREATE, DESTRUCTIVE, defineTool, READ, type ToolOutput, UPDATE } from "./define.js";
import { done, objectResult, pagedList } from "./format.js";
import { localPage, org, segment } from "./params.js";

/** The extensions Drone's template handler accepts (400 otherwise). */
export const TEMPLATE_EXTENSIONS = [".yml", ".yaml", ".star", ".starlark", ".script", ".jsonnet"];

const templateName = segment("Template file name");
const newTemplateName = templateName
  .refine(
    (name) => TEMPLATE_EXTENSIONS.some((ext) => name.endsWith(ext) && name.length > ext.length),
    `Template name must end in ${TEMPLATE_EXTENSIONS.join(", ")}`,
  )
  .describe("File name ending .yml .yaml .star .starlark .script or .jsonnet");
const content = z.string().min(1).describe("Template content (YAML, Starlark or Jsonnet)");

const templateResult = (template: Template | null, summary: string): ToolOutput =>
  template ? objectResult(summary, templateDetail(template)) : done(summary);

export const templateTools = [
  defineTool({
    name: "list_all_templates",
    title: "All templates",
    description: "List pipeline templates of every namespace (admin).",
    toolset: "templates",
    input: z.object({ ...localPage }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      const found = await templates.all(drone, { signal });
      return pagedList("templates", found.map(templateSummary), a);
    },
  }),
  defineTool({
    name: "list_namespace_templates",
    title: "List templates",
    description: "List an organization's pipeline templates.",
    toolset: "templates",
    input: z.object({ namespace: org, ...localPage }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      const found = await templates.list(drone, a.namespace, { signal });
      return pagedList(`templates in ${a.namespace}`, found.map(templateSummary), a);
    },
  }),
  defineTool({
    name: "create_template",
    title: "Create template",
    description: "Add a pipeline template to an organization (org admin).",
    toolset: "templates",
    input: z.object({ namespace: org, name: newTemplateName, data: content }),
    annotations: CREATE,
    handler: async (a, { drone, signal }) => {
      const created = await templates.create(drone, a.namespace, { name: a.name, data: a.data }, { signal });
      return templateResult(created, `Template ${a.name} created in ${a.namespace}.`);
    },
  }),
  defineTool({
    name: "get_template",
    title: "Get template",
    description: "Show a pipeline template with its content.",
    toolset: "templates",
    input: z.object({ namespace: org, name: templateName }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      const found = await templates.get(drone, a.namespace, a.name, { signal });
      return templateResult(found, `Template ${a.name} of ${a.namespace}.`);
    },
  }),
  defineTool({
    name: "update_template",
    title: "Update template",
    description: "Replace a template's content or move it to another namespace.",
    toolset: "templates",
    input: z.object({
      namespace: org,
      name: templateName,
      data: content.optional(),
      new_namespace: segment("Move the template to this namespace").optional(),
    }),
    annotations: UPDATE,
    handler: async (a, { drone, signal }) => {
      if (a.data === undefined && a.new_namespace === undefined) {
        throw new UserError("Nothing to change: give data and/or new_namespace.");
      }
      const patch = { data: a.data, namespace: a.new_namespace };
      const updated = await templates.update(drone, a.namespace, a.name, patch, { signal });
      const where = updated?.namespace ?? a.new_namespace ?? a.namespace;
      return templateResult(updated, `Template ${a.name} updated${where !== a.namespace ? `, now in ${where}` : ""}.`);
    },
  }),
  defineTool({
    name: "delete_template",
    title: "Delete template",
    description: "Delete a pipeline template (org admin).",
    toolset: "templates",
    input: z.object({ namespace: org, name: templateName }),
    annotations: DESTRUCTIVE,
    handler: async (a, { drone, signal }) => {
      await templates.remove(drone, a.namespace, a.name, { signal });
      return done(`Template ${a.name} deleted from ${a.namespace}.`);
    },
  }),
];
