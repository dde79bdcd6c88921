import {
  ApiOutlined,
  AppstoreOutlined,
  BranchesOutlined,
  ClockCircleOutlined,
  CrownOutlined,
  ForkOutlined,
  GiftOutlined,
  HourglassOutlined,
  LoginOutlined,
  MessageOutlined,
  ShareAltOutlined,
  StopOutlined,
  TagOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import type { Stage } from '@journey/nodes';
import type { ComponentType } from 'react';

const ICONS: Record<string, ComponentType> = {
  api: ApiOutlined,
  branches: BranchesOutlined,
  clock: ClockCircleOutlined,
  crown: CrownOutlined,
  gift: GiftOutlined,
  hourglass: HourglassOutlined,
  login: LoginOutlined,
  message: MessageOutlined,
  share: ShareAltOutlined,
  split: ForkOutlined,
  stop: StopOutlined,
  tag: TagOutlined,
  trophy: TrophyOutlined,
};

/** The accent colour of each butterfly stage, used by the palette, the node cards and the minimap. */
export const STAGE_COLORS: Record<Stage, string> = {
  acquire: '#1677ff',
  operate: '#13a8a8',
  convert: '#fa8c16',
  refer: '#722ed1',
  repurchase: '#d4380d',
  integration: '#2f54eb',
  any: '#8c8c8c',
};

/**
 * A node type's icon: a known icon name (`NodeSpec.icon`), or the emoji a custom node declares.
 */
export function NodeIcon({ icon }: { icon: string }) {
  const Icon = ICONS[icon];
  if (Icon) return <Icon />;
  // A custom node may declare a single emoji; anything longer is not an icon we can draw.
  return [...icon].length <= 2 && icon.trim() ? <span>{icon}</span> : <AppstoreOutlined />;
}
