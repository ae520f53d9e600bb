// The prefect dialect lives in ./prefect/ (template reading, values, preparation, checks, Kubernetes schemas).
export { PREFECT, translatePrefect } from './prefect/dialect';
