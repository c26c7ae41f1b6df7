/**
 * The app shell: header with the open controls, a page-wide drop target, and one main
 * area that shows the open screen, the load progress, the error, or the views.
 */
import { useAppStore } from '../../state/store';
import { ErrorMessage } from './ErrorMessage';
import { FileDrop } from './FileDrop';
import { Header } from './Header';
import { Landing } from './Landing';
import { LoadProgress } from './LoadProgress';
import { ViewsArea } from './ViewsArea';
import { LinkNotice } from '../share/LinkNotice';

export function App() {
  const status = useAppStore((s) => s.session.status);
  return (
    <FileDrop>
      <Header />
      <LinkNotice />
      <main className="app-main">
        {status === 'idle' && <Landing />}
        {status === 'loading' && <LoadProgress />}
        {status === 'error' && <ErrorMessage />}
        {status === 'ready' && <ViewsArea />}
      </main>
    </FileDrop>
  );
}
