/** Which message's detail is open: any screen opens one, the dialog above them all shows it. */
import { create } from 'zustand'

interface DetailView {
  id: number | null
  open(id: number): void
  close(): void
}

export const useMessageDetail = create<DetailView>((set) => ({
  id: null,
  open: (id) => set({ id }),
  close: () => set({ id: null }),
}))
