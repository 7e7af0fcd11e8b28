import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { loadOnEveryConnection } from './stores/load'
import './styles.css'

// Before the first render: the data is on its way while the page is laid out.
loadOnEveryConnection()

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
