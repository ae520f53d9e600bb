export { isQuantityText, parseQuantity, QUANTITY, quantityHint } from '../checks/api-server/quantity';
