// A real PostgreSQL for a test file: the server's throwaway cluster (initdb in a temporary
// folder as a user that is not root, a free port, removed afterwards).
export { startPostgres, type Postgres } from '../../src/main/server/throwaway-postgres'
