export * from './languages';
export * from './catalogue';
