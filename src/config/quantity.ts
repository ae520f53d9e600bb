export { isQuantityText, parseQuantity, quantityHint } from '../checks/api-server/quantity';
