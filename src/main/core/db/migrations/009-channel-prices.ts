/**
 * What each channel of a cascade cost, beside the total: smsgate states price_sms,
 * price_viber, price_whatsapp and price_vk with every state, and `price` keeps their sum.
 */
export const channelPrices = `
  -- JSON object of channel → price as the provider stated it ({"viber":"0.90","sms":"2.50"});
  -- NULL for providers with one channel.
  ALTER TABLE delivery_receipts ADD COLUMN prices TEXT;
`
