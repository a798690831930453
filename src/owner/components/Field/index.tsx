import { Input, Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import '../../owner.scss';

export interface FieldProps {
  id: string;
  label: string;
  unit?: string;
  value: string;
  placeholder?: string;
  type?: 'text' | 'digit' | 'number';
  maxlength?: number;
  onInput: (value: string) => void;
}

/** One labelled input row of the owner's forms (styles in owner/owner.scss). */
export function Field({ id, label, unit, value, placeholder, type = 'text', maxlength, onInput }: FieldProps) {
  return (
    <View className="owner-field">
      <Text className="owner-field__label">{label}</Text>
      <Input id={id} className="owner-field__input" type={type} value={value} placeholder={placeholder} maxlength={maxlength} onInput={(e) => onInput(e.detail.value)} />
      {unit !== undefined && <Text className="owner-field__unit">{unit}</Text>}
    </View>
  );
}

/** A labelled row whose control is not a text input (a switch, a fixed value). */
export function FieldRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <View className="owner-field">
      <Text className="owner-field__label">{label}</Text>
      <View className="owner-field__value">{children}</View>
    </View>
  );
}
