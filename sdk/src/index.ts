/**
 * `@journey/sdk`: the contract custom node types and channels are written with — the very module the
 * built-in nodes use (`@journey/nodes/sdk`), so a plugin can do whatever a built-in does.
 *
 * - `defineNode` declares a node type's browser-safe spec: names, stage, icon, zod config, ports.
 * - `defineExecutor` gives it its server-side behaviour: `(ctx) => outcome`, no I/O.
 * - `defineChannel` declares where its outside calls or messages go; `deliver` does the I/O after commit.
 * - `definePlugin({ name, nodes, channels })` is what a plugin folder exports.
 *
 * @example
 * ```ts
 * import { defineExecutor, defineNode, definePlugin, field, z } from '@journey/sdk';
 *
 * const greetSpec = defineNode({
 *   type: 'greet', stage: 'operate', icon: '👋', ports: ['out'],
 *   title: { 'zh-CN': '打招呼', en: 'Greet' },
 *   description: { 'zh-CN': '发一条问候', en: 'Sends a greeting' },
 *   config: z.strictObject({ text: field(z.string().min(1), { title: { 'zh-CN': '内容', en: 'Text' } }) }),
 * });
 * const greet = defineExecutor(greetSpec, {
 *   execute: ({ config, render }) => ({
 *     type: 'next', port: 'out',
 *     effects: [{ kind: 'message', channel: 'sms', title: '', body: render(config.text) }],
 *   }),
 * });
 * export default definePlugin({ name: 'hello', nodes: [greet] });
 * ```
 */
export * from '@journey/nodes/sdk';
