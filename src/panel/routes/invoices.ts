import express, { type Router } from 'express';
import type { PanelContext } from '../server.js';

export function invoiceRoutes(_context: PanelContext): Router {
  return express.Router();
}
