import { LiveView } from '../operate/analytics/LiveView.js';
import { CompareView } from '../operate/diff/CompareView.js';
import { useWorkflowData } from '../operate/shell/useWorkflowData.js';
import { SimulateView } from '../operate/simulate/SimulateView.js';
import { VersionsView } from '../operate/versions/VersionsView.js';
import { LoadingPage } from './LoadingPage.js';

export type OperateRoute =
  | { tab: 'versions' | 'simulate' | 'live' }
  | { tab: 'compare'; from: number | 'draft'; to: number | 'draft' };

/** `/workflows/:id/{versions,compare/:a/:b,simulate,live}`: operating a journey. */
export function OperatePage({ id, route }: { id: string; route: OperateRoute }) {
  const { data, error } = useWorkflowData(id);
  if (error) return <LoadingPage error={error} />;
  if (!data) return <LoadingPage />;
  switch (route.tab) {
    case 'versions':
      return <VersionsView data={data} />;
    case 'compare':
      return <CompareView data={data} from={route.from} to={route.to} />;
    case 'simulate':
      return <SimulateView data={data} />;
    case 'live':
      return <LiveView data={data} />;
  }
}
