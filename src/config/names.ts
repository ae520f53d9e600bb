export {
  dns1035LabelProblem, dnsLabelProblem, dnsSubdomainProblem, envNameProblem, labelKeyProblem, labelValueProblem, secretKeyProblem,
} from '../checks/api-server/names';
