// The bench fleet: POOLS pools of six objects each (a worker Job, a follow Deployment with a postgresql
// ScaledObject and its TriggerAuthentication, a serve Deployment and its Service).
export function fleetYaml(pools) {
  const lines = ['namespace: bench', 'pools:'];
  for (let index = 0; index < pools; index++) {
    lines.push(
      `  - name: pool-${index}`,
      `    image: ghcr.io/example/worker:${index}`,
      `    command: [worker, pool-${index}]`,
      '    env: {LOG_LEVEL: info}',
      '    resources: {cpu: "1", memory: 4Gi}',
      '    job: {workers: 8}',
      '    follow:',
      '      args: [--follow]',
      '      autoscale:',
      '        maxReplicas: 50',
      '        triggers:',
      '          - type: postgresql',
      '            metadata: {query: "SELECT COUNT(*) FROM queue", targetQueryValue: "10"}',
      '            secretAuth: {connection: "db:url"}',
      `    serve: {command: [serve, pool-${index}], port: 8000}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
