import { definePlugin } from '@journey/sdk';
import { groupBuyExecutor } from './group-buy.execute.ts';

/** 拼团, loaded from plugins/group-buy/; journeys store the node as `group-buy/group_buy`. */
export default definePlugin({ name: 'group-buy', title: { 'zh-CN': '拼团', en: 'Group buy' }, nodes: [groupBuyExecutor] });
