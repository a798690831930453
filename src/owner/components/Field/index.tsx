import { Input, Text, View } from '@tarojs/components';

export interface FieldProps {
  id: string;
  label: string;
  unit?: string;
  value: string;
  placeholder?: string;
  type?: 'text' | 'digit' | 'number';
  onInput: (value: string) => void;
}

/** One labelled input row of the owner's forms (styles in owner/form.scss). */
export function Field({ id, label, unit, value, placeholder, type = 'text', onInput }: FieldProps) {
  return (
    <View className="owner-field">
      <Text className="owner-field__label">{label}</Text>
      <Input id={id} className="owner-field__input" type={type} value={value} placeholder={placeholder} onInput={(e) => onInput(e.detail.value)} />
      {unit !== undefined && <Text className="owner-field__unit">{unit}</Text>}
    </View>
  );
}
