import { defineNode, durationSchema, field, localized, z } from '../../sdk.ts';

export const waitSpec = defineNode({
  type: 'wait',
  stage: 'operate',
  icon: 'clock',
  title: { 'zh-CN': '等待', en: 'Wait' },
  description: {
    'zh-CN': '等待一段时间，或等到旅程时区的某个时刻',
    en: "Waits for a duration, or until a time of day in the journey's time zone",
  },
  config: z
    .strictObject({
      mode: field(z.enum(['duration', 'time_of_day']).default('duration'), {
        title: { 'zh-CN': '等待方式', en: 'Wait mode' },
        options: {
          duration: { 'zh-CN': '等待一段时间', en: 'For a duration' },
          time_of_day: { 'zh-CN': '等到某个时刻', en: 'Until a time of day' },
        },
      }),
      duration: field(durationSchema.default({ days: 0, hours: 0, minutes: 0, seconds: 0 }), {
        title: { 'zh-CN': '时长', en: 'Duration' },
        visibleWhen: { field: 'mode', equals: ['duration'] },
      }),
      timeOfDay: field(
        z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, localized({ en: 'Use HH:MM, 24-hour', 'zh-CN': '请用 24 小时制 HH:MM' }))
          .optional(),
        {
          title: { 'zh-CN': '时刻', en: 'Time of day' },
          help: { 'zh-CN': '按旅程设置的时区', en: "In the journey's time zone" },
          widget: 'time-of-day',
          visibleWhen: { field: 'mode', equals: ['time_of_day'] },
        },
      ),
    })
    .refine((c) => c.mode !== 'time_of_day' || c.timeOfDay !== undefined, {
      message: localized({ en: 'Choose the time of day', 'zh-CN': '请选择时刻' }),
      path: ['timeOfDay'],
    }),
  ports: ['out'],
  waits: true,
  // A time of day is always a moment after now; a duration can be 0 s.
  minimumWait: { field: 'duration', when: { field: 'mode', equals: ['duration'] } },
  summaryTemplate: {
    'zh-CN': '{{?mode=time_of_day}}等到 {{timeOfDay}}{{/mode}}{{^mode=time_of_day}}等待 {{duration duration}}{{/mode}}',
    en: '{{?mode=time_of_day}}Until {{timeOfDay}}{{/mode}}{{^mode=time_of_day}}Wait {{duration duration}}{{/mode}}',
  },
});
