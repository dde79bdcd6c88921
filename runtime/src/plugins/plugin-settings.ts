import type { PluginSettingChange, Store, StoredPluginSetting } from '@journey/db';
import type { LocalizedText, PluginSetting } from '@journey/nodes';
import type { LoadedPlugin } from './load-plugins.ts';
import { SECRETS_KEY_VARIABLE, SecretUnreadableError, type SecretBox } from './secret-box.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** A plugin's setting as the integrations page shows it: whether it is set, never a secret's value. */
export interface SettingView {
  name: string;
  label: LocalizedText;
  secret: boolean;
  help?: LocalizedText;
  group?: LocalizedText;
  set: boolean;
  /**
   * Where its value comes from: `environment` (the server's, which wins: the page cannot change it),
   * `saved` (on the page), or null while unset.
   */
  source: 'environment' | 'saved' | null;
  /** A non-secret's value; never present for a secret. */
  value?: string;
  /** Why a saved secret cannot be read (the key changed); the plugin sees it as unset meanwhile. */
  problem?: string;
  updatedAt?: number;
}

/** Settings refused: what is wrong and, when one is at fault, which variable. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
  constructor(
    message: string,
    readonly setting?: string,
  ) {
    super(message);
  }
}

export interface PluginSettingsOptions {
  store: Store;
  plugins: readonly LoadedPlugin[];
  /** The process environment, which wins over saved settings. */
  env: Env;
  secrets: SecretBox | undefined;
  /** Called after a refresh that found plugins' settings changed. */
  onChange?(plugins: readonly string[]): void;
}

/** A plugin's saved settings as this process last read them. */
interface Loaded {
  /** What the rows were, to notice a change without opening the secrets again. */
  fingerprint: string;
  env: Env;
  problems: Map<string, string>;
  rows: Map<string, StoredPluginSetting>;
}

const isSet = (value: string | undefined) => value !== undefined && value.trim() !== '';

const MISSING_KEY = `cannot decrypt: ${SECRETS_KEY_VARIABLE} is not set on this server`;

/**
 * The settings saved on the integrations page, overlaid on the process environment for each plugin: a
 * variable set (not empty) in the environment wins, so an operator's configuration is never overridden
 * from the page. Secrets are sealed with the deployment's `SecretBox` before they reach the store. Every
 * process keeps what it last read and `refresh`es it from the store (the runtime does so every couple of
 * seconds), so a change saved by one process reaches the others without a restart.
 *
 * @example
 * ```ts
 * const settings = new PluginSettings({ store, plugins, env: process.env, secrets: SecretBox.fromEnv(process.env) });
 * await settings.refresh();
 * settings.envFor('sms').TENCENT_SMS_SECRET_KEY; // the saved secret, opened
 * ```
 */
export class PluginSettings {
  readonly #options: PluginSettingsOptions;
  readonly #loaded = new Map<string, Loaded>();

  constructor(options: PluginSettingsOptions) {
    this.#options = options;
  }

  /** Whether secrets can be saved: `JOURNEY_SECRETS_KEY` is set. */
  get canSeal(): boolean {
    return this.#options.secrets !== undefined;
  }

  /** The environment plugin `plugin` sees: the same object until its settings change. */
  envFor(plugin: string): Env {
    return this.#loaded.get(plugin)?.env ?? this.#options.env;
  }

  /** Reads every plugin's saved settings again; the plugins whose settings changed. */
  async refresh(): Promise<string[]> {
    const rows = await this.#options.store.pluginSettings.list();
    const changed: string[] = [];
    for (const plugin of this.#options.plugins) {
      const own = rows.filter((row) => row.plugin === plugin.name && declared(plugin, row.name));
      const fingerprint = JSON.stringify(own.map((row) => [row.name, row.value]));
      if ((this.#loaded.get(plugin.name)?.fingerprint ?? '[]') === fingerprint) continue;
      this.#loaded.set(plugin.name, this.#load(plugin.name, own, fingerprint));
      changed.push(plugin.name);
    }
    if (changed.length > 0) this.#options.onChange?.(changed);
    return changed;
  }

  /** The saved settings of `plugin` that cannot be read, each with why (the plugin sees them as unset). */
  unreadable(plugin: string): [name: string, problem: string][] {
    return [...(this.#loaded.get(plugin)?.problems ?? [])];
  }

  /** What the page shows of a plugin's settings. */
  view(plugin: LoadedPlugin): SettingView[] {
    const loaded = this.#loaded.get(plugin.name);
    return (plugin.definition.settings ?? []).map((setting) => {
      const { name, label, secret, help, group } = setting;
      const base = { name, label, secret, ...(help ? { help } : {}), ...(group ? { group } : {}) };
      const fromEnv = this.#options.env[name];
      if (isSet(fromEnv)) return { ...base, set: true, source: 'environment', ...(secret ? {} : { value: fromEnv }) };
      const row = loaded?.rows.get(name);
      if (!row) return { ...base, set: false, source: null };
      const problem = loaded?.problems.get(name);
      return { ...base, set: true, source: 'saved', updatedAt: row.updatedAt, ...(secret || row.secret ? {} : { value: row.value }), ...(problem ? { problem } : {}) };
    });
  }

  /**
   * Sets (a string) and clears (null) settings of a plugin, all or none: refused when a name is not one
   * it declares, is set in the server's environment, is a secret and no key is set, or when the result
   * leaves the plugin misconfigured (its `configurationProblems`).
   *
   * @throws SettingsError naming the setting at fault
   */
  async save(plugin: LoadedPlugin, values: Readonly<Record<string, string | null>>, by: string | null, now: number): Promise<void> {
    // Checked against what the store holds now: another process may have saved since the last refresh.
    await this.refresh();
    const declaredSettings = new Map((plugin.definition.settings ?? []).map((s) => [s.name, s]));
    const { secrets, env, store } = this.#options;
    const changes: PluginSettingChange[] = [];
    const next: Record<string, string | undefined> = { ...this.envFor(plugin.name) };
    for (const [name, raw] of Object.entries(values)) {
      const setting = declaredSettings.get(name);
      if (!setting) throw new SettingsError(`${name} is not a setting of ${plugin.name}`, name);
      if (isSet(env[name])) throw new SettingsError(`${name} is set in the server's environment, which wins: change it there`, name);
      const value = raw === null ? null : raw.trim();
      if (value === null || value === '') {
        changes.push({ name, value: null, secret: setting.secret });
        next[name] = env[name];
        continue;
      }
      if (setting.secret && !secrets) {
        throw new SettingsError(`Secrets cannot be saved until ${SECRETS_KEY_VARIABLE} is set on the server (32 random bytes, base64 or hex: openssl rand -base64 32)`, name);
      }
      changes.push({ name, value: setting.secret ? secrets!.seal(value, context(plugin.name, name)) : value, secret: setting.secret });
      next[name] = value;
    }
    const problems = plugin.definition.configurationProblems?.(next) ?? [];
    const unreadable = this.unreadable(plugin.name).find(([name]) => !(name in values));
    if (problems.length > 0) {
      const first = problems.find((p) => p.setting !== undefined) ?? problems[0]!;
      // A secret that cannot be opened reads as unset: say so rather than "… is not set".
      if (unreadable && first.setting === unreadable[0]) throw new SettingsError(`${unreadable[0]}: ${unreadable[1]}; set it again`, unreadable[0]);
      throw new SettingsError(problems.map((p) => p.message).join('; '), first.setting);
    }
    await store.pluginSettings.save(plugin.name, changes, by, now);
    await this.refresh();
  }

  /** Seals again under the current key every saved secret an earlier key sealed; how many. */
  async reseal(now: number): Promise<number> {
    const { secrets, store } = this.#options;
    if (!secrets) return 0;
    let resealed = 0;
    for (const row of await store.pluginSettings.list()) {
      if (!row.secret || !secrets.sealedEarlier(row.value)) continue;
      let value: string;
      try {
        value = secrets.open(row.value, context(row.plugin, row.name));
      } catch {
        continue;
      }
      await store.pluginSettings.save(row.plugin, [{ name: row.name, value: secrets.seal(value, context(row.plugin, row.name)), secret: true }], row.updatedBy, now);
      resealed++;
    }
    if (resealed > 0) await this.refresh();
    return resealed;
  }

  #load(plugin: string, rows: readonly StoredPluginSetting[], fingerprint: string): Loaded {
    const { env, secrets } = this.#options;
    const values = new Map<string, string>();
    const problems = new Map<string, string>();
    for (const row of rows) {
      if (!row.secret) values.set(row.name, row.value);
      else if (!secrets) problems.set(row.name, MISSING_KEY);
      else {
        try {
          values.set(row.name, secrets.open(row.value, context(plugin, row.name)));
        } catch (err) {
          if (!(err instanceof SecretUnreadableError)) throw err;
          problems.set(row.name, err.message);
        }
      }
    }
    const overlay = Object.fromEntries([...values].filter(([name]) => !isSet(env[name])));
    return { fingerprint, env: Object.freeze({ ...env, ...overlay }), problems, rows: new Map(rows.map((row) => [row.name, row])) };
  }
}

const declared = (plugin: LoadedPlugin, name: string) => (plugin.definition.settings ?? []).some((s: PluginSetting) => s.name === name);

/** What a secret is bound to: moved to another setting or plugin, it does not open. */
const context = (plugin: string, name: string) => `${plugin}/${name}`;
