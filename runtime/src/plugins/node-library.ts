import { builtinSpecs, NodeRegistry, type ChannelDefinition, type PluginServices } from '@journey/nodes';
import { builtinExecutors, createWebhookExecutor, ExecutorRegistry } from '@journey/nodes/server';
import type { ChannelAdapter } from '../channels/channel-adapter.ts';
import { parseAllowedHosts, webhookNodeSender } from '../channels/webhook-node-sender.ts';
import { loadPlugins, type LoadedPlugin, type PluginProblem, type PluginSources } from './load-plugins.ts';

/**
 * The node types a process can run and the channels it can deliver to: the built-ins and every plugin
 * that loaded. The server and every worker build it the same way at start.
 */
export interface NodeLibrary {
  /** Node specs (the API's node library, validation). */
  registry: NodeRegistry;
  /** Their executors (the engine). */
  executors: ExecutorRegistry;
  /** The plugins that loaded; the runtime hosts their channels, routes and tasks (`PluginHost`). */
  plugins: LoadedPlugin[];
  /** Plugins left out, and why (`GET /api/health` lists them). */
  problems: PluginProblem[];
}

/**
 * A plugin's channel as the outbox dispatcher calls it: a message channel gets the rendered message, a
 * call channel its payload (stored as the message body, checked again by its schema). A receipt of
 * `awaitConfirmation()` leaves the message `pending_confirmation` for the plugin to settle.
 */
export function pluginChannelAdapter(channel: ChannelDefinition, services: PluginServices): ChannelAdapter {
  return {
    honoursIdempotencyKey: channel.honoursIdempotencyKey,
    ...(channel.timeoutMs === undefined ? {} : { timeoutMs: channel.timeoutMs }),
    ...(channel.maxAttempts === undefined ? {} : { maxAttempts: channel.maxAttempts }),
    deliver: (message, { idempotencyKey, attempt, signal }) => {
      const context = {
        idempotencyKey,
        attempt,
        signal,
        origin: { runId: message.runId, journeyId: message.journeyId, contactId: message.contactId, nodeId: message.nodeId },
        services,
      };
      return channel.kind === 'message'
        ? channel.deliver({ id: message.id, channel: message.channel, title: message.title, body: message.body, priority: message.priority, createdAt: message.createdAt }, context)
        : channel.deliver(channel.payload.parse(JSON.parse(message.body)), context);
    },
  };
}

/** The built-ins' executors, the webhook node's refusing private addresses except `WEBHOOK_ALLOWED_HOSTS`. */
export function builtinExecutorRegistry(env: Record<string, string | undefined> = process.env): ExecutorRegistry {
  return new ExecutorRegistry([...builtinExecutors, createWebhookExecutor(webhookNodeSender({ allowedHosts: parseAllowedHosts(env.WEBHOOK_ALLOWED_HOSTS) }))]);
}

/**
 * Loads the node library: the built-ins (the webhook node's executor refusing private addresses except
 * `WEBHOOK_ALLOWED_HOSTS`) and the plugins of `sources` (`./plugins/*` and `JOURNEY_PLUGINS`). A broken
 * or clashing plugin is left out and reported in `problems`; this never throws.
 *
 * @example
 * ```ts
 * const library = await loadNodeLibrary({ list: process.env.JOURNEY_PLUGINS });
 * const runtime = createRuntime({ store, registry: library.registry, executors: library.executors, plugins: library.plugins });
 * ```
 */
export async function loadNodeLibrary(sources: PluginSources = {}, env: Record<string, string | undefined> = process.env): Promise<NodeLibrary> {
  const { plugins, problems } = await loadPlugins(sources, builtinSpecs.map((s) => s.type));
  const registry = new NodeRegistry(builtinSpecs);
  const executors = builtinExecutorRegistry(env);
  for (const plugin of plugins) {
    for (const node of plugin.nodes) {
      registry.register(node.spec);
      executors.register(node);
    }
  }
  return { registry, executors, plugins, problems };
}
