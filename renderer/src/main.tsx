import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { pickBridge } from './bridge/pickBridge.js';
import { useStore } from './store/store.js';
import './styles.css';

const bridge = pickBridge();
useStore.getState().init(bridge.api, bridge.kind);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
