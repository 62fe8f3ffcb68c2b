import './tokens.css';
import './base.css';
import './ui.css';

export { Button, type ButtonProps, type ButtonVariant } from './Button';
export { Field, TextField, TextArea, Select, Checkbox, describedBy, type FieldProps, type TextFieldProps, type TextAreaProps, type SelectProps, type SelectOption } from './Field';
export { Dialog, DialogActions, type DialogProps } from './Dialog';
export { Table, type Column, type TableProps } from './Table';
export { PagedTable, type PagedRows, type PagedTableProps } from './PagedTable';
export { FilterBar, FilterDates, FilterItem, FilterSearch, type FilterBarProps } from './FilterBar';
export { clearFilters, useDebounced, usePageFilter } from './filters';
export { Badge, type Tone } from './Badge';
export { Banner, type BannerProps } from './Banner';
export { ToastRegion, toast, useToasts } from './toast';
export { PageHeader, type PageHeaderProps } from './PageHeader';
export { Placeholder } from './Placeholder';
export { LoadError } from './LoadError';
export { OfflineBanner } from './OfflineBanner';
