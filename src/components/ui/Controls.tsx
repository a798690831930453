// Two small controls of the cart and the product page, ours rather than NutUI's InputNumber and
// Checkbox: those two cost the main package ~15 KB of script, styles and icons (DECISIONS.md).
import { Text, View } from '@tarojs/components';
import { Icon } from './Icon';

interface StepperProps {
  id: string;
  value: number;
  min: number;
  max: number;
  disabled?: boolean;
  onChange: (value: number) => void;
}

/** − n +, clamped to [min, max]; ids `${id}-minus`, `${id}-value`, `${id}-plus`. */
export function Stepper({ id, value, min, max, disabled = false, onChange }: StepperProps) {
  const canDown = !disabled && value > min;
  const canUp = !disabled && value < max;
  return (
    <View id={id} className="ui-stepper">
      <Text id={`${id}-minus`} className={`ui-stepper__button${canDown ? '' : ' ui-stepper__button--off'}`} onClick={() => canDown && onChange(value - 1)}>−</Text>
      <Text id={`${id}-value`} className="ui-stepper__value">{`${value}`}</Text>
      <Text id={`${id}-plus`} className={`ui-stepper__button${canUp ? '' : ' ui-stepper__button--off'}`} onClick={() => canUp && onChange(value + 1)}>+</Text>
    </View>
  );
}

/** A round check mark with an optional label. */
export function Check({ id, checked, label, onChange }: { id?: string; checked: boolean; label?: string; onChange: (checked: boolean) => void }) {
  return (
    <View id={id} className="ui-check" onClick={() => onChange(!checked)}>
      <View className={`ui-check__mark${checked ? ' ui-check__mark--on' : ''}`}>{checked && <Icon name="check" size={14} />}</View>
      {label !== undefined && <Text className="ui-check__label">{label}</Text>}
    </View>
  );
}
