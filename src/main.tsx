import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createLabStore, LabStoreProvider } from './state/store';
import { App } from './ui/App';
import './styles/index.css';

const root = document.getElementById('root');
if (!root) throw new Error('PruneLab needs an element with id "root" in index.html');
// The page's one lab store, opened on the link's settings.
const store = createLabStore({ search: window.location.search });
createRoot(root).render(
  <StrictMode>
    <LabStoreProvider store={store}>
      <App />
    </LabStoreProvider>
  </StrictMode>,
);
