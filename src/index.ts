export * as keda from './imports/keda.sh';
