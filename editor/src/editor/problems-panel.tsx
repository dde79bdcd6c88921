import { CloseOutlined, ExclamationCircleFilled } from '@ant-design/icons';
import { Button } from 'antd';
import { useReactFlow } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { ValidationProblem } from '../api/client.ts';
import type { JourneyFlowEdge, JourneyFlowNode } from '../canvas/convert.ts';
import { useEditorStore } from '../canvas/store.ts';
import { useLocale } from '../i18n/i18n.ts';

/** The problems of the last check; clicking one selects its node and brings it into view. */
export function ProblemsPanel() {
  const { t } = useTranslation();
  const locale = useLocale();
  const problems = useEditorStore((s) => s.problems);
  const setProblems = useEditorStore((s) => s.setProblems);
  const select = useEditorStore((s) => s.select);
  const flow = useReactFlow<JourneyFlowNode, JourneyFlowEdge>();

  if (problems.length === 0) return null;

  const focus = (problem: ValidationProblem) => {
    const nodeId = problem.nodeId ?? flow.getEdge(problem.edgeId ?? '')?.source;
    const node = nodeId ? flow.getInternalNode(nodeId) : undefined;
    if (!nodeId || !node) return;
    select(nodeId);
    const { x, y } = node.internals.positionAbsolute;
    void flow.setCenter(x + (node.measured.width ?? 0) / 2, y + (node.measured.height ?? 0) / 2, {
      zoom: Math.max(flow.getZoom(), 0.8),
      duration: 300,
    });
  };

  return (
    <section className="problems" aria-label={t('editor.problems')}>
      <header className="problems-head">
        <ExclamationCircleFilled className="problems-icon" />
        <span className="problems-title">{t('editor.problemCount', { count: problems.length })}</span>
        <span className="muted">{t('editor.problemsHint')}</span>
        <Button type="text" size="small" icon={<CloseOutlined />} aria-label={t('common.cancel')} onClick={() => setProblems([])} />
      </header>
      <ul className="problems-list">
        {problems.map((problem, i) => (
          <li key={i}>
            <button type="button" className="problem-item" onClick={() => focus(problem)}>
              {problem.message[locale]}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
