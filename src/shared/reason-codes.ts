/**
 * What each reason code means, in every language of the console. The codes come from the
 * providers' documented error and status codes (`osonsms:119`, `smsc:err:253`, …) and from the
 * outbox's own reasons (`outbox:uncertain`, …); the Russian follows the providers' documents.
 */
export interface ReasonTexts {
  en: string
  ru: string
}

type Table = Readonly<Record<string, ReasonTexts>>

const t = (en: string, ru: string): ReasonTexts => ({ en, ru })

const OSONSMS: Table = {
  'osonsms:100': t(
    'A mandatory field is missing from the request: check the sender, number and text',
    'Обязательное поле отсутствует в запросе: проверьте отправителя, номер и текст',
  ),
  'osonsms:105': t(
    'The login is blocked (inactive or non-existent account): check the login in the profile',
    'Логин заблокирован: проверьте логин в профиле',
  ),
  'osonsms:106': t(
    'Incorrect hash: check the login and pass_salt_hash in the profile',
    'Некорректный хеш: проверьте логин и pass_salt_hash в профиле',
  ),
  'osonsms:107': t('Incorrect sender name', 'Неправильный отправитель: проверьте имя отправителя'),
  'osonsms:108': t(
    'A message with this txn_id is already registered: it is not sent twice',
    'Смс с таким txn_id уже зарегистрирована: повторно не отправляется',
  ),
  'osonsms:108:no-msg-id': t(
    'Accepted by an earlier attempt with the same txn_id and not sent twice; the answer carries no msg_id, which a status query needs, so no delivery report can follow',
    'Принято при предыдущей попытке с тем же txn_id и повторно не отправляется; в ответе нет msg_id, без которого статус не запросить, поэтому отчёта о доставке не будет',
  ),
  'osonsms:109': t(
    'Unable to store the message; it will be sent again with the same txn_id',
    'Невозможно сохранить смс; сообщение будет отправлено снова с тем же txn_id',
  ),
  'osonsms:112': t(
    'Error while sending; it will be sent again with the same txn_id',
    'Ошибка при отправке смс; сообщение будет отправлено снова с тем же txn_id',
  ),
  'osonsms:113': t(
    'Unable to connect to the SMS centre; it will be sent again with the same txn_id',
    'Невозможно подключиться к смс-центру; сообщение будет отправлено снова с тем же txn_id',
  ),
  'osonsms:114': t(
    "The client's IP address is not in the whitelist: ask OsonSMS to add this computer's address",
    'IP-адрес клиента не указан в белом списке: попросите OsonSMS добавить адрес этого компьютера',
  ),
  'osonsms:119': t(
    'Not enough money on the balance (overdraft limit reached): top up, then resume the profile',
    'Недостаточно средств на балансе: пополните баланс, затем возобновите профиль',
  ),
  'osonsms:other': t('OsonSMS refused the request', 'OsonSMS отклонил запрос'),
}

const SMSC_SEND: Table = {
  'smsc:send:1': t('Wrong request parameters', 'Ошибка в параметрах запроса'),
  'smsc:send:2': t(
    'Wrong login or password, or this IP address is not allowed',
    'Неверный логин или пароль, либо отправка с этого IP-адреса запрещена',
  ),
  'smsc:send:3': t('Not enough money on the account', 'Недостаточно средств на счёте'),
  'smsc:send:4': t(
    'This IP address is temporarily blocked after repeated errors',
    'IP-адрес временно заблокирован из-за частых ошибок в запросах',
  ),
  'smsc:send:5': t('Wrong date format', 'Неверный формат даты'),
  'smsc:send:6': t(
    'The message is forbidden (by its text or sender name)',
    'Сообщение запрещено (по тексту или по имени отправителя)',
  ),
  'smsc:send:7': t('Wrong phone number format', 'Неверный формат номера телефона'),
  'smsc:send:8': t(
    'The message cannot be delivered to this number',
    'Сообщение на указанный номер не может быть доставлено',
  ),
  'smsc:send:9': t(
    'Duplicate request within a minute or too many simultaneous requests',
    'Отправка более одного одинакового запроса в течение минуты или слишком много одновременных запросов',
  ),
  'smsc:send:other': t('SMSC refused the request', 'SMSC отклонил запрос'),
}

const SMSC_STATUS: Table = {
  'smsc:status:-3': t('Message not found', 'Сообщение не найдено'),
  'smsc:status:-2': t('Stopped before it was sent', 'Остановлено'),
  'smsc:status:-1': t('Waiting to be sent', 'Ожидает отправки'),
  'smsc:status:0': t('Passed to the operator', 'Передано оператору'),
  'smsc:status:1': t('Delivered', 'Доставлено'),
  'smsc:status:2': t('Read', 'Прочитано'),
  'smsc:status:3': t('Expired', 'Просрочено'),
  'smsc:status:4': t('The link was opened', 'Нажата ссылка'),
  'smsc:status:20': t('Cannot be delivered', 'Невозможно доставить'),
  'smsc:status:22': t('Wrong number', 'Неверный номер'),
  'smsc:status:23': t('Prohibited', 'Запрещено'),
  'smsc:status:24': t('Not enough money', 'Недостаточно средств'),
  'smsc:status:25': t('Unavailable number', 'Недоступный номер'),
  'smsc:status:other': t('Unknown SMSC status', 'Неизвестный статус SMSC'),
}

const SMSC_ERR: Table = {
  'smsc:err:0': t('No error', 'Нет ошибки'),
  'smsc:err:1': t('The subscriber does not exist', 'Абонент не существует'),
  'smsc:err:6': t('The subscriber is not in the network', 'Абонент не в сети'),
  'smsc:err:11': t('No SMS service', 'Нет услуги SMS'),
  'smsc:err:12': t("Error in the subscriber's handset", 'Ошибка в телефоне абонента'),
  'smsc:err:13': t('The subscriber is blocked', 'Абонент заблокирован'),
  'smsc:err:21': t('SMS not supported', 'Нет поддержки сервиса'),
  'smsc:err:200': t('Virtual send', 'Виртуальная отправка'),
  'smsc:err:219': t('The SIM card was changed', 'Замена SIM-карты'),
  'smsc:err:220': t('The queue is full', 'Переполнена очередь у оператора'),
  'smsc:err:237': t('The subscriber did not answer', 'Абонент не отвечает'),
  'smsc:err:238': t('No template', 'Нет шаблона'),
  'smsc:err:239': t('Sending from this IP address is forbidden', 'Запрещённый IP-адрес'),
  'smsc:err:240': t('The subscriber is busy', 'Абонент занят'),
  'smsc:err:241': t('Conversion error', 'Ошибка конвертации'),
  'smsc:err:242': t('An answering machine was detected', 'Зафиксирован автоответчик'),
  'smsc:err:243': t('No contract', 'Не заключён договор'),
  'smsc:err:244': t('Mailings are forbidden', 'Рассылки запрещены'),
  'smsc:err:245': t('No status received', 'Статус не получен'),
  'smsc:err:246': t('Time restriction', 'Ограничение по времени'),
  'smsc:err:247': t('Message limit exceeded', 'Превышен лимит сообщений'),
  'smsc:err:248': t('No route', 'Нет маршрута'),
  'smsc:err:249': t('Wrong number format', 'Неверный формат номера'),
  'smsc:err:250': t('The number is forbidden by the settings', 'Номер запрещён настройками'),
  'smsc:err:251': t('Limit per number exceeded', 'Превышен лимит на один номер'),
  'smsc:err:252': t('The number is forbidden', 'Номер запрещён'),
  'smsc:err:253': t('Forbidden by the spam filter', 'Запрещено спам-фильтром'),
  'smsc:err:254': t('Unregistered sender name', 'Незарегистрированный sender id'),
  'smsc:err:255': t('Rejected by the operator', 'Отклонено оператором'),
}

const GETSMS: Table = {
  'getsms:100': t('Login or password is missing', 'Не указан логин или пароль'),
  'getsms:101': t('Incorrect login or password', 'Неверный логин или пароль'),
  'getsms:102': t('The account is blocked', 'Аккаунт заблокирован'),
  'getsms:103': t('The message limit is used up', 'Лимит исчерпан'),
  'getsms:200': t('The message list is not JSON', 'Массив не является JSON'),
  'getsms:201': t('The message list is invalid', 'Неверный массив'),
  'getsms:202': t('No sender name (nickname) is set up', 'Не установлено альфа-имя (nickname)'),
  'getsms:203': t('Incorrect sender name (nickname)', 'Неверное альфа-имя (nickname)'),
  'getsms:300': t('Not a phone number', 'Не является номером телефона'),
  'getsms:400': t('Wrong request_id', 'Неверный request_id'),
  'getsms:other': t('GETSMS refused the request', 'GETSMS отклонил запрос'),
}

const SMSGATE: Table = {
  'smsgate:duplicate-request': t(
    'An identical request within a minute',
    'Попытка отправки более одного одинакового запроса в течение минуты',
  ),
  'smsgate:duplicate-client-id': t(
    'Accepted earlier under this client_id_message and not sent twice; the answer carries no id_message, so no delivery report can follow',
    'Принято ранее с этим client_id_message и повторно не отправляется; в ответе нет id_message, поэтому отчёта о доставке не будет',
  ),
  'smsgate:template': t(
    'The VK template is missing or not approved',
    'Шаблон VK не указан или не одобрен',
  ),
  'smsgate:not-found': t(
    'No message with this id was accepted',
    'Сообщение с таким ID не принималось',
  ),
  'smsgate:token': t('Invalid API token', 'Неверный токен авторизации'),
  'smsgate:auth': t('Wrong login or password', 'Неверный логин или пароль'),
  'smsgate:blocked': t('The account is blocked', 'Аккаунт заблокирован'),
  'smsgate:ip': t(
    'Requests from this IP address are not allowed',
    'Доступ с этого IP-адреса запрещён',
  ),
  'smsgate:balance': t('Not enough money on the balance', 'Недостаточно средств на балансе'),
  'smsgate:vk-disabled': t(
    'The VK channel is not open for this account',
    'Направление VK для вас не открыто, свяжитесь с вашим менеджером',
  ),
  'smsgate:image': t(
    'The Viber image is not accepted (it needs a button)',
    'Изображение Viber не принято (для изображения необходима кнопка)',
  ),
  'smsgate:button': t(
    'The Viber button is not accepted',
    'Кнопка Viber не принята (текст до 19 символов и ссылка)',
  ),
  'smsgate:validity': t(
    'The validity period is not accepted',
    'Неверное время жизни Viber-сообщения (validity_period_viber)',
  ),
  'smsgate:time-send': t(
    'The scheduled send time is not accepted',
    'Неверное время отложенной отправки',
  ),
  'smsgate:sender': t(
    'The sender name is missing or not allowed',
    'Имя отправителя не указано или не разрешено',
  ),
  'smsgate:phone': t('The phone number is not accepted', 'Неверный номер телефона'),
  'smsgate:text': t('The text is missing or too long', 'Текст сообщения пуст или слишком длинный'),
  'smsgate:channel': t('No delivery channel was chosen', 'Не выбран канал доставки'),
  'smsgate:temporary': t('A temporary failure at smsgate', 'Временный сбой на стороне smsgate'),
  'smsgate:bad-request': t(
    'smsgate could not read the request',
    'smsgate не смог разобрать запрос (ошибка консоли)',
  ),
  'smsgate:other': t('smsgate refused the message', 'smsgate отклонил сообщение'),
  'smsgate:state:not_deliver': t(
    'The message was not delivered on any channel',
    'Сообщение не было доставлено ни по одному каналу',
  ),
  'smsgate:state:expired': t(
    'The subscriber was offline at every delivery attempt',
    'Абонент находился не в сети в те моменты, когда делалась попытка доставки',
  ),
  'smsgate:state:partly_deliver': t(
    'The message was sent, but no status was received and none will come: ask smsgate support why',
    'Сообщение было отправлено, но статус так и не был получен и уже не придёт: обратитесь в техническую поддержку smsgate',
  ),
}

const SMPP_STATUS: Table = {
  'smpp:status:0x00000001': t('Message length is invalid', 'Неверная длина сообщения'),
  'smpp:status:0x00000003': t('Invalid command', 'Неверная команда'),
  'smpp:status:0x00000004': t('Not bound', 'Сессия не установлена'),
  'smpp:status:0x00000005': t('Already bound', 'Сессия уже установлена'),
  'smpp:status:0x00000008': t('System error at the provider', 'Системная ошибка провайдера'),
  'smpp:status:0x0000000a': t('Invalid sender (source address)', 'Неверный адрес отправителя'),
  'smpp:status:0x0000000b': t('Invalid destination number', 'Неверный номер получателя'),
  'smpp:status:0x0000000c': t(
    'The SMSC holds no message under this id',
    'У SMSC нет сообщения с таким идентификатором',
  ),
  'smpp:status:0x0000000d': t(
    'Bind failed (login or password refused)',
    'Ошибка подключения (логин или пароль отклонены)',
  ),
  'smpp:status:0x0000000e': t('Invalid password', 'Неверный пароль'),
  'smpp:status:0x0000000f': t('Invalid login (system_id)', 'Неверный логин (system_id)'),
  'smpp:status:0x00000014': t('Message queue full', 'Очередь сообщений переполнена'),
  'smpp:status:0x00000045': t('Submit failed', 'Ошибка отправки сообщения'),
  'smpp:status:0x00000058': t(
    'Throttled (too many messages per second)',
    'Превышена скорость отправки',
  ),
  'smpp:status:0x00000061': t(
    'Invalid scheduled delivery time',
    'Неверное время отложенной доставки',
  ),
  'smpp:status:0x00000062': t('Invalid validity period', 'Неверный срок жизни сообщения'),
  'smpp:status:other': t('Refused by the SMPP server', 'Отклонено SMPP-сервером'),
}

const SMPP_STAT: Table = {
  'smpp:stat:ENROUTE': t('En route', 'В пути'),
  'smpp:stat:DELIVRD': t('Delivered', 'Доставлено'),
  'smpp:stat:EXPIRED': t('Expired', 'Истёк срок жизни'),
  'smpp:stat:DELETED': t('Deleted', 'Удалено'),
  'smpp:stat:UNDELIV': t('Undeliverable', 'Не доставлено'),
  'smpp:stat:ACCEPTD': t('Accepted', 'Принято'),
  'smpp:stat:UNKNOWN': t('Unknown', 'Неизвестно'),
  'smpp:stat:REJECTD': t('Rejected', 'Отклонено'),
}

const OUTBOX: Table = {
  'outbox:rejected': t('Rejected by the provider', 'Отклонено провайдером'),
  'outbox:not-sent': t('Not sent yet; it will be tried again', 'Ещё не отправлено; будет повтор'),
  'outbox:paused': t('The profile is paused', 'Профиль приостановлен'),
  'outbox:retry': t(
    'It will be sent again with the same key',
    'Будет отправлено снова с тем же ключом',
  ),
  'outbox:retry-exhausted': t(
    'No usable answer after several attempts',
    'Нет внятного ответа после нескольких попыток',
  ),
  'outbox:uncertain': t(
    'No answer from the provider; it may have been sent',
    'Провайдер не ответил; сообщение могло уйти',
  ),
  'outbox:interrupted': t(
    'The console stopped while this message was being sent',
    'Консоль остановилась во время отправки',
  ),
  'outbox:restored': t(
    'Restored from a backup: it may have been sent after that backup',
    'Восстановлено из резервной копии: сообщение могло уйти уже после неё',
  ),
  'outbox:resent-same-key': t(
    'Sent again under the same key after an interruption: the provider sends it only once',
    'Отправлено повторно с тем же ключом после сбоя: провайдер отправит его только один раз',
  ),
  'outbox:operator-failed': t('Marked failed by the operator', 'Отмечено оператором как неудачное'),
  'outbox:rerouted': t('Sent through the fallback profile', 'Отправлено через резервный профиль'),
  'outbox:batch-cancelled': t('Cancelled with its batch', 'Отменено вместе с рассылкой'),
  'outbox:profile-removed': t('Cancelled: the profile was removed', 'Отменено: профиль удалён'),
  'outbox:report:failed': t(
    'The delivery report says it failed',
    'Отчёт о доставке: не доставлено',
  ),
  'outbox:report:expired': t('The delivery report says it expired', 'Отчёт о доставке: истёк срок'),
}

export const REASON_CODES: Table = {
  ...OSONSMS,
  ...SMSC_SEND,
  ...SMSC_STATUS,
  ...SMSC_ERR,
  ...GETSMS,
  ...SMSGATE,
  ...SMPP_STATUS,
  ...SMPP_STAT,
  ...OUTBOX,
}
