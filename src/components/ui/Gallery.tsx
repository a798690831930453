// A product's pictures as a swipeable carousel (Taro Swiper, native on weapp), and its detail of
// paragraphs and pictures (图文详情). Pictures are stored fileIDs, shown through pictureUrl().
import { Image, Swiper, SwiperItem, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import type { DetailBlock, Product } from '../../contracts';
import { pictureUrl } from '../../utils/picture';
import { ProductPicture } from './Product';

/** Every picture full width, swiped, with a 1/3 counter; tapping one opens the system's viewer. */
export function Gallery({ product }: { product: Pick<Product, 'name' | 'pictures' | 'kind' | 'coverColor'> }) {
  const [at, setAt] = useState(0);
  const urls = product.pictures.map((p) => pictureUrl(p)).filter((u) => u !== '');
  if (urls.length === 0) return <ProductPicture product={product} size="hero" />;
  const preview = (current: string) => void Taro.previewImage({ current, urls }).catch(() => undefined);
  return (
    <View id="product-gallery" className="ui-gallery">
      <Swiper className="ui-gallery__swiper" circular={urls.length > 1} onChange={(e) => setAt(e.detail.current)}>
        {urls.map((url, i) => (
          <SwiperItem key={url}>
            <Image id={`gallery-picture-${i}`} className="ui-gallery__picture" src={url} mode="aspectFill" onClick={() => preview(url)} />
          </SwiperItem>
        ))}
      </Swiper>
      {urls.length > 1 && <Text id="gallery-counter" className="ui-gallery__counter">{`${at + 1}/${urls.length}`}</Text>}
    </View>
  );
}

/** The detail as the owner wrote it: paragraphs and full-width pictures, in order. */
export function DetailBlocks({ blocks }: { blocks: readonly DetailBlock[] }) {
  return (
    <View id="product-detail" className="ui-detail">
      {blocks.map((b, i) => (b.type === 'text'
        ? <Text key={i} className="ui-detail__text">{b.text}</Text>
        : pictureUrl(b.fileId) !== '' && <Image key={i} className="ui-detail__picture" src={pictureUrl(b.fileId)} mode="widthFix" lazyLoad />))}
    </View>
  );
}
