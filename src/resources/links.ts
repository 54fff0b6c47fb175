/**
 * resource_link items for tool results that return builds: the build itself and the log of
 * each failed step, so a client can open them (or hand the URI on) without building URIs.
 */
import type { ResourceLink } from "@modelcontextprotocol/sdk/types.js";
import { isFailed } from "../drone/build-state.js";
import type { Build } from "../drone/types.js";
import type { ToolOutput } from "../tools/define.js";
import { JSON_MIME, TEXT_MIME } from "./contents.js";
import { buildUri, logUri } from "./uris.js";

export function buildLinks(namespace: string, name: string, build: Build): ResourceLink[] {
  const slug = `${namespace}/${name}`;
  const links: ResourceLink[] = [
    {
      type: "resource_link",
      uri: buildUri(namespace, name, build.number),
      name: `${slug}#${build.number}`,
      title: `Build #${build.number} (${build.status})`,
      mimeType: JSON_MIME,
    },
  ];
  for (const stage of build.stages ?? []) {
    for (const step of stage.steps ?? []) {
      if (!isFailed(step.status)) continue;
      links.push({
        type: "resource_link",
        uri: logUri(namespace, name, build.number, stage.number, step.number),
        name: `${slug}#${build.number} ${stage.name}/${step.name}`,
        title: `Log of failed step ${step.name} (stage ${stage.name}, build #${build.number})`,
        mimeType: TEXT_MIME,
      });
    }
  }
  return links;
}

/** A tool result with links to these builds (and their failed steps' logs); unchanged without a repo. */
export function withBuildLinks(
  output: ToolOutput,
  repo: { namespace: string; name: string } | undefined,
  ...builds: Build[]
): ToolOutput {
  if (!repo || builds.length === 0) return output;
  return {
    ...output,
    links: [...(output.links ?? []), ...builds.flatMap((b) => buildLinks(repo.namespace, repo.name, b))],
  };
}
