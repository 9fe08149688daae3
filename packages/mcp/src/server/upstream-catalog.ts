import type { StreamManager } from '../client/stream-manager.js';
import { invalidParamsError, type SdkServer } from '../sdk/sdk-adapter.js';

/** Where the resources and prompts of upstream servers come from: a StreamManager. */
export type UpstreamCatalog = Pick<
  StreamManager,
  | 'status'
  | 'listResources'
  | 'readResource'
  | 'listResourceTemplates'
  | 'listPrompts'
  | 'getPrompt'
  | 'complete'
>;

/**
 * Serves the upstream servers' resources and prompts: resources keep their URIs (a resource link
 * in a tool result must stay readable) and get the server as a name prefix; prompts are named
 * `<server>.<prompt>` like tools and, like tools, also answer to their bare name when only one
 * server has it. A server that cannot answer is left out of a list, never fails it.
 */
export function serveUpstreamCatalog(
  server: InstanceType<typeof SdkServer>,
  catalog: UpstreamCatalog,
): void {
  // Which server listed a URI last; a read of an unknown URI asks the servers in turn.
  const owners = new Map<string, string>();
  const servers = () => Object.keys(catalog.status());

  const eachServer = async <T>(read: (name: string) => Promise<T[]>) =>
    (
      await Promise.all(
        servers().map(async (name) => {
          try {
            return (await read(name)).map((item) => [name, item] as const);
          } catch {
            return [];
          }
        }),
      )
    ).flat();

  server.setRequestHandler('resources/list', async () => {
    const listed = await eachServer(
      async (name) => (await catalog.listResources(name))[name] ?? [],
    );
    for (const [name, resource] of listed) owners.set(resource.uri, name);
    return {
      resources: listed.map(([name, resource]) => ({
        ...resource,
        name: `${name}.${resource.name}`,
      })),
    };
  });

  server.setRequestHandler('resources/read', async (request) => {
    const { uri } = request.params;
    const owner = owners.get(uri);
    const candidates = owner ? [owner] : servers();
    for (const name of candidates) {
      try {
        return await catalog.readResource(name, uri);
      } catch {
        // Not this server's resource (or it is down): the next one may have it.
      }
    }
    throw invalidParamsError(`Unknown resource: ${uri}`);
  });

  server.setRequestHandler('resources/templates/list', async () => {
    const listed = await eachServer(
      async (name) => (await catalog.listResourceTemplates(name))[name] ?? [],
    );
    for (const [name, template] of listed) owners.set(template.uriTemplate, name);
    return {
      resourceTemplates: listed.map(([name, template]) => ({
        ...template,
        name: `${name}.${template.name}`,
      })),
    };
  });

  /**
   * The server of a prompt and its own name: `<server>.<prompt>` as listed, or — like a tool's
   * bare name — the prompt's name alone when exactly one server has a prompt of that name.
   */
  const resolvePrompt = async (name: string): Promise<{ owner: string; prompt: string }> => {
    const prefixed = servers().find((candidate) => name.startsWith(`${candidate}.`));
    if (prefixed) return { owner: prefixed, prompt: name.slice(prefixed.length + 1) };
    const listed = await eachServer(
      async (server) => (await catalog.listPrompts(server))[server] ?? [],
    );
    const owners = [
      ...new Set(listed.filter(([, prompt]) => prompt.name === name).map(([server]) => server)),
    ];
    if (owners.length === 1) return { owner: owners[0]!, prompt: name };
    if (owners.length > 1) {
      const names = owners.map((owner) => `"${owner}.${name}"`).join(', ');
      throw invalidParamsError(`Ambiguous prompt: ${name} (use one of ${names})`);
    }
    throw invalidParamsError(`Unknown prompt: ${name}`);
  };

  // Completion goes to the server of the prompt or of the resource URI.
  server.setRequestHandler('completion/complete', async (request) => {
    const { ref } = request.params;
    if (ref.type === 'ref/prompt') {
      const { owner, prompt } = await resolvePrompt(ref.name);
      return catalog.complete(owner, { ...request.params, ref: { ...ref, name: prompt } });
    }
    const owner = owners.get(ref.uri);
    for (const name of owner ? [owner] : servers()) {
      try {
        return await catalog.complete(name, request.params);
      } catch {
        // Not this server's template (or it is down): the next one may have it.
      }
    }
    throw invalidParamsError(`Unknown resource template: ${ref.uri}`);
  });

  server.setRequestHandler('prompts/list', async () => {
    const listed = await eachServer(async (name) => (await catalog.listPrompts(name))[name] ?? []);
    return {
      prompts: listed.map(([name, prompt]) => ({ ...prompt, name: `${name}.${prompt.name}` })),
    };
  });

  server.setRequestHandler('prompts/get', async (request) => {
    const { name, arguments: args } = request.params;
    const { owner, prompt } = await resolvePrompt(name);
    return catalog.getPrompt(owner, prompt, args);
  });
}
