/** One saved setting of a plugin: a variable set on the integrations page. */
export interface StoredPluginSetting {
  plugin: string;
  name: string;
  /** As saved: a secret's value is sealed by the runtime, so the store never holds it in clear. */
  value: string;
  secret: boolean;
  updatedAt: number;
  /** The user who saved it; null for an API key. */
  updatedBy: string | null;
}

/** A setting to save: `value` null clears it. */
export interface PluginSettingChange {
  name: string;
  value: string | null;
  secret: boolean;
}

/**
 * The plugins' settings saved from the integrations page, shared by every process of the deployment.
 *
 * @example
 * ```ts
 * await store.pluginSettings.save('sms', [{ name: 'ALIYUN_SMS_SIGN_NAME', value: '某品牌', secret: false }], userId, now);
 * (await store.pluginSettings.list('sms')).map((s) => s.name); // ["ALIYUN_SMS_SIGN_NAME"]
 * ```
 */
export interface PluginSettingRepository {
  /** The saved settings of `plugin` (of every plugin when left out), by plugin then name. */
  list(plugin?: string): Promise<StoredPluginSetting[]>;
  /** Sets and clears settings of one plugin, all or none. */
  save(plugin: string, changes: readonly PluginSettingChange[], updatedBy: string | null, now: number): Promise<void>;
}
