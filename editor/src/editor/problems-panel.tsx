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
  const all = useEditorStore((s) => s.problems);
  // As text, so moving nodes does not redraw the list: the ids of the nodes and edges still on the canvas.
  const present = useEditorStore((s) => [...s.nodes.map((n) => n.id), '\u0000', ...s.edges.map((e) => e.id)].join('\u0001'));
  const ids = new Set(present.split('\u0001'));
  // A problem of a node or edge deleted since the check is gone with it.
  const problems = all.filter((p) => (p.nodeId === undefined || ids.has(p.nodeId)) && (p.edgeId === undefined || ids.has(p.edgeId)));
  const setProblems = useEditorStore((s) => s.setProblems);
  const select = useEditorStore((s) => s.select);
  const flow = useReactFlow<JourneyFlowNode, JourneyFlowEdge>();

  if (problems.length === 0) return null;
  const warningsOnly = problems.every((p) => p.severity === 'warning');

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
        <ExclamationCircleFilled className={warningsOnly ? 'problems-icon problems-icon-warning' : 'problems-icon'} />
        <span className="problems-title">{t(warningsOnly ? 'editor.warningCount' : 'editor.problemCount', { count: problems.length })}</span>
        <span className="muted">{t('editor.problemsHint')}</span>
        <Button type="text" size="small" icon={<CloseOutlined />} aria-label={t('common.cancel')} onClick={() => setProblems([])} />
      </header>
      <ul className="problems-list">
        {problems.map((problem, i) => (
          <li key={i}>
            <button type="button" className="problem-item" data-severity={problem.severity ?? 'error'} onClick={() => focus(problem)}>
              <span className={problem.severity === 'warning' ? 'problem-warning' : 'problem-error'}>
                {t(problem.severity === 'warning' ? 'editor.problemWarning' : 'editor.problemError')}
              </span>
              {problem.message[locale]}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
